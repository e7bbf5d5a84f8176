// Layout helpers for the metamorphic relations: transposes, slices and concatenations of small tensors.
import type { Tensor } from '../oracle/index.js';

/** Swaps the first two dimensions of a 3-D tensor. */
export function transpose01(t: Tensor): Tensor {
  const [a, b, c] = t.shape;
  const out = new Float64Array(t.data.length);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      for (let k = 0; k < c; k++) out[(j * a + i) * c + k] = t.data[(i * b + j) * c + k];
    }
  }
  return { dtype: t.dtype, shape: [b, a, c], data: out };
}

/** Rows [from, to) along dimension 0. */
export function sliceDim0(t: Tensor, from: number, to: number): Tensor {
  const inner = t.shape.slice(1).reduce((x, y) => x * y, 1);
  return {
    dtype: t.dtype,
    shape: [to - from, ...t.shape.slice(1)],
    data: t.data.slice(from * inner, to * inner),
  };
}

/** Concatenation along dimension 0. */
export function concatDim0(parts: Tensor[]): Tensor {
  const data = new Float64Array(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  const rows = parts.reduce((n, p) => n + p.shape[0], 0);
  return { dtype: parts[0].dtype, shape: [rows, ...parts[0].shape.slice(1)], data };
}

/** Elements [from, to) of the last dimension. */
export function sliceLast(t: Tensor, from: number, to: number): Tensor {
  const last = t.shape[t.shape.length - 1];
  const outer = t.data.length / (last || 1);
  const width = to - from;
  const data = new Float64Array(outer * width);
  for (let i = 0; i < outer; i++) data.set(t.data.subarray(i * last + from, i * last + to), i * width);
  return { dtype: t.dtype, shape: [...t.shape.slice(0, -1), width], data };
}

/** Concatenation along the last dimension. */
export function concatLast(parts: Tensor[]): Tensor {
  const widths = parts.map((p) => p.shape[p.shape.length - 1]);
  const total = widths.reduce((a, b) => a + b, 0);
  const outer = parts[0].data.length / (widths[0] || 1);
  const data = new Float64Array(outer * total);
  for (let i = 0; i < outer; i++) {
    let at = i * total;
    parts.forEach((p, k) => {
      data.set(p.data.subarray(i * widths[k], (i + 1) * widths[k]), at);
      at += widths[k];
    });
  }
  return { dtype: parts[0].dtype, shape: [...parts[0].shape.slice(0, -1), total], data };
}

/** Reverses dimension 0 (time, for a time-major tensor). */
export function flipDim0(t: Tensor): Tensor {
  const rows = t.shape[0];
  return concatDim0(Array.from({ length: rows }, (_, i) => sliceDim0(t, rows - 1 - i, rows - i)));
}

/** Picks indices along dimension 1 of a 3-D tensor (a batch permutation for time-major data). */
export function takeDim1(t: Tensor, order: number[]): Tensor {
  const [a, , c] = t.shape;
  const b = t.shape[1];
  const out = new Float64Array(a * order.length * c);
  for (let i = 0; i < a; i++) {
    for (const [j, src] of order.entries()) {
      out.set(t.data.subarray((i * b + src) * c, (i * b + src + 1) * c), (i * order.length + j) * c);
    }
  }
  return { dtype: t.dtype, shape: [a, order.length, c], data: out };
}

/** The same row-major data under another shape of the same size (e.g. adding or removing a dimension of 1). */
export function reshape(t: Tensor, shape: number[]): Tensor {
  return { dtype: t.dtype, shape, data: t.data };
}

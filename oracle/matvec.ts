// A row-major matrix times several vectors, each output a plain left-to-right dot product (gru.dtype.float64-reference).

/**
 * out[outOff + k * rows + j] = sum over i < n of w[j * n + i] * v[vOff + k * n + i], for every row j < rows
 * of the row-major [rows, n] matrix w and every one of the `count` vectors stored one after another in v.
 *
 * ## Why every output is bit-identical to a plain dot product
 * The plain dot product `s = 0; for i = 0 .. n-1: s += w[j][i] * v[k][i]` rounds one product, then one
 * sum, for i = 0, 1, ..., n-1 in that order. The blocked loops below advance several outputs together,
 * each in its own accumulator: 4 vectors x 2 rows (8 accumulators), then 1 vector x 4 rows for the
 * vectors left over, then the plain dot product itself for the rows left over. Every accumulator
 * starts at 0 and receives exactly `+= w[j][i] * v[k][i]` for i = 0, 1, ..., n-1, in that order;
 * nothing is added across accumulators, reassociated, split or fused (JavaScript has no fused
 * multiply-add: every `*` and every `+` rounds to float64). So each output goes through the same
 * operations on the same values in the same order as the plain dot product and has the same bits,
 * NaN, infinities, signed zeros and subnormals included. test/oracle/bit-identical.test.ts checks it.
 *
 * ## Why it is faster
 * A single dot product is one chain of additions, each waiting for the one before. Eight independent
 * chains keep the adders busy, and each loaded weight serves 4 vectors, each loaded vector value 2 rows.
 * On Node 20 this is about 4.6 GFLOP/s (`npm run bench`), the best of the blockings measured: from 1 x 4 to
 * 4 x 3 and 2 x 6 (vectors x rows) they ran at 2.8 to 4.5, since V8 spends about seven instructions on a
 * typed-array load and spills accumulators past 8 (x86-64 has 16 float registers, one kept for itself).
 */
export function matVecs(
  w: Float64Array,
  rows: number,
  n: number,
  v: Float64Array,
  vOff: number,
  count: number,
  out: Float64Array,
  outOff: number,
): void {
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    let j = 0;
    for (; j + 2 <= rows; j += 2) fourByTwo(w, j, n, v, vOff + k * n, out, outOff + k * rows, rows);
    for (; j < rows; j++) {
      for (let q = k; q < k + 4; q++) out[outOff + q * rows + j] = dot(w, j, n, v, vOff + q * n);
    }
  }
  for (; k < count; k++) {
    let j = 0;
    for (; j + 4 <= rows; j += 4) oneByFour(w, j, n, v, vOff + k * n, out, outOff + k * rows);
    for (; j < rows; j++) out[outOff + k * rows + j] = dot(w, j, n, v, vOff + k * n);
  }
}

/** Rows j, j + 1 times the 4 vectors at v0, v0 + n, v0 + 2n, v0 + 3n: 8 plain dot products in step. */
function fourByTwo(
  w: Float64Array,
  j: number,
  n: number,
  v: Float64Array,
  v0: number,
  out: Float64Array,
  o0: number,
  rows: number,
): void {
  const wa = j * n;
  const wb = wa + n;
  const v1 = v0 + n;
  const v2 = v1 + n;
  const v3 = v2 + n;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  for (let i = 0; i < n; i++) {
    const wai = w[wa + i];
    const wbi = w[wb + i];
    const x0 = v[v0 + i];
    const x1 = v[v1 + i];
    const x2 = v[v2 + i];
    const x3 = v[v3 + i];
    a0 += wai * x0;
    a1 += wai * x1;
    a2 += wai * x2;
    a3 += wai * x3;
    b0 += wbi * x0;
    b1 += wbi * x1;
    b2 += wbi * x2;
    b3 += wbi * x3;
  }
  out[o0 + j] = a0;
  out[o0 + rows + j] = a1;
  out[o0 + 2 * rows + j] = a2;
  out[o0 + 3 * rows + j] = a3;
  out[o0 + j + 1] = b0;
  out[o0 + rows + j + 1] = b1;
  out[o0 + 2 * rows + j + 1] = b2;
  out[o0 + 3 * rows + j + 1] = b3;
}

/** Rows j .. j + 3 times the vector at v0: 4 plain dot products in step. */
function oneByFour(
  w: Float64Array,
  j: number,
  n: number,
  v: Float64Array,
  v0: number,
  out: Float64Array,
  o0: number,
) {
  const wa = j * n;
  const wb = wa + n;
  const wc = wb + n;
  const wd = wc + n;
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const x = v[v0 + i];
    a += w[wa + i] * x;
    b += w[wb + i] * x;
    c += w[wc + i] * x;
    d += w[wd + i] * x;
  }
  out[o0 + j] = a;
  out[o0 + j + 1] = b;
  out[o0 + j + 2] = c;
  out[o0 + j + 3] = d;
}

/** The plain dot product: row j of w times the vector at v0, summed left to right from 0. */
function dot(w: Float64Array, j: number, n: number, v: Float64Array, v0: number): number {
  const wa = j * n;
  let s = 0;
  for (let i = 0; i < n; i++) s += w[wa + i] * v[v0 + i];
  return s;
}

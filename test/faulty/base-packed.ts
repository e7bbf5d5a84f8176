// The base GRU on variable-length sequences, in both forms (capabilities packed and sequenceLengths), built the
// way most kernels are: the batch padded to its longest sequence and run with a mask. Small replaceable steps,
// so that each packed fault of the catalogue (catalogue-packed.ts) changes one. Written apart from oracle/, which
// runs each sequence alone instead.
import type { GruRequest, GruResponse } from '../../harness/contract/request.js';
import type { GruOptions } from '../../oracle/index.js';
import { baseSteps, type GruSteps, runGru } from './base-gru.js';
import { swap01 } from './base-steps.js';

/** A variable-length call as a padded, time-major batch in the caller's order. */
export interface PaddedBatch {
  /** [T, B, I] */
  x: Float64Array;
  T: number;
  B: number;
  lengths: number[];
  /** Sorted position j holds the caller's sequence order[j]. */
  order: number[];
  /** Packed row r is step rows[r][0] of the caller's sequence rows[r][1] (packed form only). */
  rows: [number, number][];
}

export interface PackedSteps {
  /** The padded batch of either form (packing errors rejected as pack_padded_sequence rejects them). */
  unpack(o: GruOptions, r: GruRequest): PaddedBatch;
  /** The time steps a direction of a sequence reads, in processing order (gru.packed.reverse-start). */
  times(length: number, T: number, reverse: boolean): number[];
  /** h_n of one layer and direction of a sequence: its last state, or (faults) another (gru.packed.h-n). */
  finalState(last: Float64Array, outputAtLastStep: Float64Array): Float64Array;
  /** The h_n column of the caller's sequence n (gru.packed.batch-order). */
  hNColumn(n: number, batch: PaddedBatch): number;
  /** Rejects an hx whose batch is not the number of sequences (gru.packed.err-hx-batch). */
  checkHx(hx: GruRequest['hx'], B: number): void;
}

const reject = (clause: string, message: string): never => {
  throw Object.assign(new Error(`${clause}: ${message}`), { clause });
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export const basePackedSteps: PackedSteps = {
  unpack(o, r) {
    const I = o.input_size;
    if (r.packed) {
      const sizes = r.packed.batchSizes;
      const [T, B] = [sizes.length, sizes[0]];
      const order = r.packed.sortedIndices ?? range(B);
      const rows: [number, number][] = sizes.flatMap((count, t) =>
        range(count).map((j) => [t, order[j]] as [number, number]),
      );
      const x = new Float64Array(T * B * I);
      rows.forEach(([t, n], row) => {
        x.set(r.input.data.subarray(row * I, (row + 1) * I), (t * B + n) * I);
      });
      const lengths = range(B).map((n) => rows.filter(([, m]) => m === n).length);
      return { x, T, B, lengths, order, rows };
    }
    const { lengths, enforceSorted } = r.sequenceLengths!;
    const [T, B] = o.batch_first
      ? [r.input.shape[1], r.input.shape[0]]
      : [r.input.shape[0], r.input.shape[1]];
    // gru.packed.err-zero-length before gru.packed.err-unsorted: the smallest (last, if sorted) length first
    if ((enforceSorted ? lengths[B - 1] : Math.min(...lengths)) <= 0)
      reject('gru.packed.err-zero-length', `lengths [${lengths}] hold a length <= 0`);
    if (enforceSorted && lengths.some((l, n) => n > 0 && l > lengths[n - 1]))
      reject('gru.packed.err-unsorted', `lengths [${lengths}] are not in decreasing order`);
    const x = o.batch_first ? swap01(r.input.data, B, T, I) : r.input.data;
    const order = range(B).sort((a, b) => lengths[b] - lengths[a] || a - b);
    return { x, T, B, lengths: [...lengths], order, rows: [] };
  },
  times: (length, _T, reverse) => range(length).map((k) => (reverse ? length - 1 - k : k)),
  finalState: (last) => last,
  hNColumn: (n) => n,
  checkHx(hx, B) {
    if (hx && (hx.shape.length !== 3 || hx.shape[1] !== B))
      reject('gru.packed.err-hx-batch', `hx [${hx.shape}] for ${B} sequences`);
  },
};

/** nn.GRU on a variable-length call with the base GRU's cell (`steps`) and these packed steps. */
export function runPacked(steps: GruSteps, ps: PackedSteps, r: GruRequest): GruResponse {
  const o = steps.resolve(steps, r.kwargs);
  const dtype = steps.checkParameters(o, r.parameters);
  const batch = ps.unpack(o, r);
  const { T, B, lengths } = batch;
  const [D, H] = [o.bidirectional ? 2 : 1, o.hidden_size];
  const hx = r.hx ?? null;
  ps.checkHx(hx, B);
  const hN = new Float64Array(D * o.num_layers * B * H);
  let x = batch.x;
  for (let layer = 0; layer < o.num_layers; layer++) {
    const inSize = layer === 0 ? o.input_size : D * H;
    const out = new Float64Array(T * B * D * H);
    for (let d = 0; d < D; d++) {
      const w = steps.weights(o, r.parameters, layer, d);
      const row = layer * D + d;
      for (let n = 0; n < B; n++) {
        // hx's row of this sequence, read as if hx had B columns (past its end: zeros)
        const h0 = new Float64Array(H);
        if (hx) h0.set(hx.data.subarray((row * B + n) * H, (row * B + n + 1) * H));
        let h: Float64Array = h0;
        for (const t of ps.times(lengths[n], T, d === 1)) {
          h = steps.step(steps, w, x.subarray((t * B + n) * inSize, (t * B + n + 1) * inSize), h);
          if (t < lengths[n]) out.set(h, (t * B + n) * D * H + d * H); // past its length a sequence's output is 0
        }
        const lastStep = out.slice(
          (T - 1) * B * D * H + n * D * H + d * H,
          (T - 1) * B * D * H + n * D * H + (d + 1) * H,
        );
        hN.set(ps.finalState(h, lastStep), (row * B + ps.hNColumn(n, batch)) * H);
      }
    }
    x = out;
  }
  const round = (v: number) => steps.round(v, dtype);
  const W = D * H;
  const h_n = { dtype, shape: [D * o.num_layers, B, H], data: hN.map(round) };
  if (r.packed) {
    const data = new Float64Array(batch.rows.length * W);
    batch.rows.forEach(([t, n], i) => {
      data.set(x.subarray((t * B + n) * W, (t * B + n + 1) * W), i * W);
    });
    return { output: { dtype, shape: [batch.rows.length, W], data: data.map(round) }, h_n };
  }
  const shape = o.batch_first ? [B, T, W] : [T, B, W];
  return { output: { dtype, shape, data: (o.batch_first ? swap01(x, T, B, W) : x).map(round) }, h_n };
}

/** An in-process GRU of the base steps that also takes variable-length calls, with some packed steps replaced. */
export function packedGruOf(name: string, overrides: Partial<PackedSteps> = {}) {
  const ps: PackedSteps = { ...basePackedSteps, ...overrides };
  return {
    name,
    capabilities: { packed: true, sequenceLengths: true },
    forward: (r: GruRequest): GruResponse =>
      r.packed || r.sequenceLengths ? runPacked(baseSteps, ps, r) : runGru(baseSteps, r),
  };
}

/** The base of the whole catalogue, variable-length calls included: what the kill matrix's base line runs. */
export const baseGruWithPacked = packedGruOf('base-gru');

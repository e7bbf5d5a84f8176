// The blocked matrix-times-vectors kernel gives, bit for bit, one plain left-to-right dot product per output.
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../harness/random.js';
import { matVecs } from '../../oracle/matvec.js';
import { SIGNED_ZEROS, SPECIAL_VALUES } from './random-forward-case.js';

/** s = 0; s += w[j][i] * v[k][i] for i = 0 .. n-1: the order the kernel must keep for every output. */
function plainDot(w: Float64Array, j: number, n: number, v: Float64Array, vOff: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += w[j * n + i] * v[vOff + i];
  return s;
}

const PALETTES: [string, (next: () => number) => number][] = [
  ['uniform', (next) => 2 * next() - 1],
  ['signed zeros', (next) => SIGNED_ZEROS[Math.floor(next() * SIGNED_ZEROS.length)]],
  ['mostly signed zeros', (next) => (next() < 0.8 ? (next() < 0.5 ? -0 : 0) : next() - 0.5)],
  [
    'special values',
    (next) => (next() < 0.2 ? SPECIAL_VALUES[Math.floor(next() * SPECIAL_VALUES.length)] : 2 * next() - 1),
  ],
];

describe('matVecs', () => {
  it.each(PALETTES)(
    'gru.dtype.float64-reference: %s: every output equals a plain dot product for rows 1..9, n 1..7, 0..9 vectors',
    (_name, draw) => {
      const next = mulberry32(20261201);
      const found: string[] = [];
      for (let rows = 1; rows <= 9; rows++) {
        for (let n = 1; n <= 7; n++) {
          for (let count = 0; count <= 9; count++) {
            const [vOff, outOff] = [3, 5];
            const w = Float64Array.from({ length: rows * n }, () => draw(next));
            const v = Float64Array.from({ length: vOff + count * n + 2 }, () => draw(next));
            const out = new Float64Array(outOff + count * rows + 2).fill(7);
            matVecs(w, rows, n, v, vOff, count, out, outOff);
            for (let i = 0; i < out.length; i++) {
              const [k, j] = [Math.floor((i - outOff) / rows), (i - outOff) % rows];
              const inside = i >= outOff && k < count;
              const expected = inside ? plainDot(w, j, n, v, vOff + k * n) : 7;
              if (!Object.is(out[i], expected))
                found.push(`rows ${rows}, n ${n}, count ${count}: out[${i}] ${out[i]}, expected ${expected}`);
            }
          }
        }
      }
      expect(found).toEqual([]);
    },
  );
});

// Where a divergence starts: the localisation names the direction, h_n rows, first step, batch rows and hidden
// units that differ, from the masks of mismatching elements.
import { describe, expect, it } from 'vitest';
import { type CallLayout, localise, ranges } from '../../harness/judging/localise.js';

const layout = (over: Partial<CallLayout>): CallLayout => ({
  dtype: 'float64',
  batched: true,
  batchFirst: false,
  steps: 6,
  batch: 3,
  directions: 1,
  layers: 1,
  hidden: 11,
  ...over,
});

/** Masks over output [L, N, D*H] (time-major) and h_n [D*NL, N, H], off where `outOff(t, n, col)` / `hOff(row, n, j)`. */
function masks(
  l: CallLayout,
  outOff: (t: number, n: number, col: number) => boolean,
  hOff: (row: number, n: number, j: number) => boolean,
) {
  const W = l.directions * l.hidden;
  const output = new Uint8Array(l.steps * l.batch * W);
  for (let t = 0; t < l.steps; t++)
    for (let n = 0; n < l.batch; n++)
      for (let c = 0; c < W; c++) output[(t * l.batch + n) * W + c] = outOff(t, n, c) ? 1 : 0;
  const rows = l.directions * l.layers;
  const hN = new Uint8Array(rows * l.batch * l.hidden);
  for (let r = 0; r < rows; r++)
    for (let n = 0; n < l.batch; n++)
      for (let j = 0; j < l.hidden; j++) hN[(r * l.batch + n) * l.hidden + j] = hOff(r, n, j) ? 1 : 0;
  return [output, hN] as const;
}

describe('localisation', () => {
  it('gru.eq.hidden-update: a tail of 3 hidden units past a multiple of 8 is named as such', () => {
    const l = layout({});
    const where = localise(
      l,
      ...masks(
        l,
        (_t, _n, c) => c >= 8,
        (_r, _n, j) => j >= 8,
      ),
    )!;
    expect(where.summary).toContain(
      'only hidden units 8..10 of 11 differ (a tail of 3 past a multiple of 8)',
    );
    expect(where.hiddenUnits).toEqual([8, 9, 10]);
  });

  it('gru.shape.batch-independent: only batch rows >= 8 of 20 differ', () => {
    const l = layout({ batch: 20, hidden: 4 });
    const where = localise(
      l,
      ...masks(
        l,
        (_t, n) => n >= 8,
        (_r, n) => n >= 8,
      ),
    )!;
    expect(where.summary).toContain('only batch rows >= 8 of 20 differ');
  });

  it('gru.dir.reverse-time: the reverse direction differs from its first step, the forward one matches', () => {
    const l = layout({ directions: 2, hidden: 4 });
    const where = localise(
      l,
      ...masks(
        l,
        (_t, _n, c) => c >= 4,
        (r) => r === 1,
      ),
    )!;
    expect(where.summary).toMatch(
      /^the forward direction matches; the reverse direction differs from its first step \(t = 5\)/,
    );
    expect(where.summary).toContain('h_n: layer 0 differs (reverse direction)');
  });

  it('gru.layer.stacking: layer 0 matches, layer 1 differs from t = 0', () => {
    const l = layout({ layers: 2, hidden: 4 });
    const where = localise(
      l,
      ...masks(
        l,
        () => true,
        (r) => r === 1,
      ),
    )!;
    expect(where.summary).toContain('the output differs from its first step (t = 0)');
    expect(where.summary).toContain('h_n: layer 0 matches, layer 1 differs');
  });

  it('gru.eq.recurrence: a divergence from a later step on, and sparse steps, are told apart', () => {
    const l = layout({ steps: 12, hidden: 4 });
    expect(
      localise(
        l,
        ...masks(
          l,
          (t) => t >= 5,
          () => true,
        ),
      )!.summary,
    ).toContain('the output differs from t = 5 on');
    expect(
      localise(
        l,
        ...masks(
          l,
          (t) => t % 4 === 1,
          () => false,
        ),
      )!.summary,
    ).toContain('the output differs at 3 of 12 steps, first at t = 1');
  });

  it('gru.num.tolerance: no mismatch, no localisation; ranges are compact', () => {
    const l = layout({});
    expect(
      localise(
        l,
        ...masks(
          l,
          () => false,
          () => false,
        ),
      ),
    ).toBeNull();
    expect(ranges([0, 1, 2, 5, 7, 8])).toBe('0..2, 5, 7..8');
  });
});

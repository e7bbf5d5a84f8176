// The HTML report's evidence: every compared value counted by how close it came to its allowance, and the
// minimal failing case's ratios as bounded grids.
import { describe, expect, it } from 'vitest';
import { compareTensors } from '../../harness/judging/compare.js';
import { GRID_MAX, ratioGrids } from '../../harness/judging/ratio-grid.js';
import { binUpperEdge, RATIO_BINS, ratioBin } from '../../harness/judging/ratio-histogram.js';
import { tensor } from '../../oracle/index.js';

describe('ratio histogram', () => {
  it('gru.num.tolerance: a ratio of exactly 1 (passes) lands in the last passing bin, anything above in a failing one', () => {
    expect(ratioBin(1)).toBe(12);
    expect(binUpperEdge(12)).toBe(1);
    expect(ratioBin(1.0000001)).toBe(13);
    expect(ratioBin(0)).toBe(0);
    expect(ratioBin(1e-6)).toBe(0);
    expect(ratioBin(100)).toBe(16);
    expect(ratioBin(101)).toBe(RATIO_BINS - 1);
    expect(ratioBin(Number.POSITIVE_INFINITY)).toBe(RATIO_BINS - 1);
    expect(ratioBin(Number.NaN)).toBe(RATIO_BINS - 1);
    for (let i = 1; i < RATIO_BINS - 1; i++) {
      expect(ratioBin(binUpperEdge(i) * 0.999)).toBe(i);
      expect(ratioBin(binUpperEdge(i) * 1.001)).toBe(i + 1);
    }
  });

  it('gru.num.tolerance: the comparator counts every element once, NaN against a number as failing', () => {
    const expected = tensor('float64', [4], [1, 2, 3, 4]);
    const actual = tensor('float64', [4], [1, 2 + 1e-3, Number.NaN, 4]);
    const c = compareTensors('x', actual, expected, { dtype: 'float64', factor: 1, scale: 1, unit: 1e-12 });
    expect(c.histogram!.reduce((a, b) => a + b, 0)).toBe(4);
    expect(c.histogram![0]).toBe(2);
    expect(c.histogram![RATIO_BINS - 1]).toBe(2);
  });

  it('gru.dir.output-concat: grids are per output direction over (step x unit), the largest over the batch, and pooled to 64 x 64', () => {
    const layout = {
      dtype: 'float64' as const,
      batched: true,
      batchFirst: false,
      steps: 3,
      batch: 2,
      directions: 2,
      layers: 1,
      hidden: 2,
    };
    const out = new Float64Array(3 * 2 * 4);
    out[(1 * 2 + 1) * 4 + 3] = 5; // step 1, batch 1, reverse direction, unit 1
    const hN = new Float64Array(2 * 2 * 2);
    hN[(0 * 2 + 1) * 2 + 0] = 7; // row 0, batch 1, unit 0
    const g = ratioGrids(layout, out, hN)!;
    expect(g.output.map((x) => x.direction)).toEqual(['forward', 'reverse']);
    expect(g.output[0].cells.flat().every((v) => v === 0)).toBe(true);
    expect(g.output[1].cells[1][1]).toBe(5);
    expect(g.h_n.cells).toEqual([
      [7, 0],
      [0, 0],
    ]);
    const big = { ...layout, steps: 300, batch: 1, directions: 1, hidden: 100 };
    const g2 = ratioGrids(big, new Float64Array(300 * 100).fill(0.5), new Float64Array(100))!;
    expect(g2.output[0].cells.length).toBeLessThanOrEqual(GRID_MAX);
    expect(g2.output[0].cells[0].length).toBeLessThanOrEqual(GRID_MAX);
    expect(g2.output[0].rowStride).toBe(5);
  });
});

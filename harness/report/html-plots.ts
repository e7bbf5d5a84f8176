// The plots of the HTML report as Vega-Lite specs: plain data in, a spec out (rendered by ./svg.ts).
import type { TopLevelSpec } from 'vega-lite';
import type { RatioGrid, RatioGrids } from '../judging/ratio-grid.js';
import { binUpperEdge, RATIO_BINS } from '../judging/ratio-histogram.js';

/** Bins shown left of 1e-6 and right of 100, on a log10 axis. */
const LOW = -7;
const HIGH = 3;

function binRange(i: number): [number, number] {
  const hi = binUpperEdge(i);
  const lo = i === 0 ? LOW : Math.log10(binUpperEdge(i - 1));
  return [lo, Number.isFinite(hi) ? Math.log10(hi) : HIGH];
}

export interface HistogramRow {
  clause: string;
  dtype: string;
  histogram: number[];
}

/** Per clause (small multiples) and dtype (colour), how many values fell how close to their allowance. */
export function distributionSpec(rows: HistogramRow[]): TopLevelSpec {
  const values = rows.flatMap((r) =>
    r.histogram.slice(0, RATIO_BINS).flatMap((count, i) => {
      if (count === 0) return [];
      const [lo, hi] = binRange(i);
      return [{ clause: r.clause, dtype: r.dtype, lo, hi, count }];
    }),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values },
    facet: { field: 'clause', type: 'nominal', title: null, header: { labelFontSize: 11 } },
    columns: 3,
    spec: {
      width: 260,
      height: 90,
      layer: [
        {
          mark: { type: 'rect', opacity: 0.7 },
          encoding: {
            x: {
              field: 'lo',
              type: 'quantitative',
              scale: { domain: [LOW, HIGH] },
              title: 'log10 |actual - expected| / allowance (<= 0 passes)',
            },
            x2: { field: 'hi' },
            y: { field: 'count', type: 'quantitative', scale: { type: 'symlog' }, title: 'values' },
            color: { field: 'dtype', type: 'nominal', title: 'dtype' },
            tooltip: [
              { field: 'dtype' },
              { field: 'lo', title: 'from log10' },
              { field: 'hi', title: 'to log10' },
              { field: 'count' },
            ],
          },
        },
        {
          mark: { type: 'rule', color: '#c00', strokeDash: [4, 2] },
          encoding: { x: { datum: 0, type: 'quantitative' } },
        },
      ],
    },
  };
}

function gridValues(g: RatioGrid, panel: string) {
  return g.cells.flatMap((row, r) =>
    row.map((v, c) => ({
      panel,
      row: r * g.rowStride,
      unit: c * g.colStride,
      ratio: Number.isFinite(v) ? v : null,
      // log10 of the ratio, clamped to the colour scale; not a number (NaN, infinite) shows at the top.
      log: Number.isFinite(v) ? Math.max(-4, Math.min(4, Math.log10(Math.max(v, 1e-4)))) : 4,
    })),
  );
}

/** One failure's |diff| / allowance per output direction (time step x hidden unit) and per h_n row. */
export function heatmapSpec(grids: RatioGrids): TopLevelSpec {
  const panels = [
    ...grids.output.map((g) => ({ g, title: `output, ${g.direction} direction`, y: 'time step' })),
    { g: grids.h_n, title: 'h_n', y: 'h_n row (layer x direction)' },
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    hconcat: panels.map(({ g, title, y }) => ({
      title,
      data: { values: gridValues(g, title) },
      width: Math.min(400, Math.max(80, (g.cells[0]?.length ?? 1) * 16)),
      height: Math.min(400, Math.max(40, g.cells.length * 16)),
      mark: 'rect',
      encoding: {
        x: {
          field: 'unit',
          type: 'ordinal',
          title: `hidden unit${g.colStride > 1 ? ` (per ${g.colStride})` : ''}`,
        },
        y: { field: 'row', type: 'ordinal', title: `${y}${g.rowStride > 1 ? ` (per ${g.rowStride})` : ''}` },
        color: {
          field: 'log',
          type: 'quantitative',
          title: 'log10 ratio',
          scale: { domain: [-4, 0, 4], range: ['#f7fbff', '#fdd49e', '#b30000'] },
        },
        tooltip: [{ field: 'row' }, { field: 'unit' }, { field: 'ratio', title: '|diff| / allowance' }],
      },
    })),
    resolve: { scale: { color: 'shared' } },
  };
}

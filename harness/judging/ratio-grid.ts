// Where a failing answer is off, as pictures: |diff| / allowance over (time step x hidden unit) per output
// direction, and over (h_n row x hidden unit), the largest over the batch. Kept for the minimal case only, and
// max-pooled to at most GRID_MAX x GRID_MAX cells, so a report stays small.
import type { CallLayout } from './localise.js';

export const GRID_MAX = 64;

export interface RatioGrid {
  /** What the rows are: 'time step' (an output direction) or 'h_n row' ((layer, direction) rows). */
  rows: 'time step' | 'h_n row';
  /** output: forward or reverse; h_n: absent. */
  direction?: 'forward' | 'reverse';
  /** The size before pooling (rows x hidden units), and how many of each one cell covers. */
  height: number;
  width: number;
  rowStride: number;
  colStride: number;
  /** Largest ratio per cell, three significant digits (rows of columns). */
  cells: number[][];
}

export interface RatioGrids {
  output: RatioGrid[];
  h_n: RatioGrid;
}

function pool(
  height: number,
  width: number,
  at: (r: number, c: number) => number,
): Omit<RatioGrid, 'rows' | 'direction'> {
  const rowStride = Math.ceil(height / GRID_MAX) || 1;
  const colStride = Math.ceil(width / GRID_MAX) || 1;
  const cells: number[][] = [];
  for (let r0 = 0; r0 < height; r0 += rowStride) {
    const row: number[] = [];
    for (let c0 = 0; c0 < width; c0 += colStride) {
      let m = 0;
      for (let r = r0; r < Math.min(height, r0 + rowStride); r++)
        for (let c = c0; c < Math.min(width, c0 + colStride); c++) {
          const v = at(r, c);
          if (!(v <= m)) m = v; // NaN counts as the largest
        }
      row.push(Number.isFinite(m) ? Number(m.toPrecision(3)) : m);
    }
    cells.push(row);
  }
  return { height, width, rowStride, colStride, cells };
}

/**
 * The grids of one answer from per-element ratios of output and h_n (row-major, in the call's layout): output
 * (T, B, D*H), (B, T, D*H) batch-first, or (T, D*H) unbatched; h_n (L*D, B, H) or (L*D, H).
 */
export function ratioGrids(layout: CallLayout, output: Float64Array, hN: Float64Array): RatioGrids | null {
  const { steps, batch, directions, hidden, layers, batched, batchFirst } = layout;
  const width = directions * hidden;
  const rowsOfB = batched ? batch : 1;
  if (output.length !== steps * rowsOfB * width || hN.length !== layers * directions * rowsOfB * hidden)
    return null;
  const outAt = (t: number, b: number, j: number) =>
    output[(batchFirst ? b * steps + t : t * rowsOfB + b) * width + j];
  const grids: RatioGrid[] = [];
  for (let d = 0; d < directions; d++) {
    const g = pool(steps, hidden, (t, h) => {
      let m = 0;
      for (let b = 0; b < rowsOfB; b++) {
        const v = outAt(t, b, d * hidden + h);
        if (!(v <= m)) m = v;
      }
      return m;
    });
    grids.push({ rows: 'time step', direction: d === 0 ? 'forward' : 'reverse', ...g });
  }
  const hRows = layers * directions;
  const h = pool(hRows, hidden, (r, u) => {
    let m = 0;
    for (let b = 0; b < rowsOfB; b++) {
      const v = hN[(r * rowsOfB + b) * hidden + u];
      if (!(v <= m)) m = v;
    }
    return m;
  });
  return { output: grids, h_n: { rows: 'h_n row', ...h } };
}

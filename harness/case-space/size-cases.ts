// The size cases of the default profile: a pairwise covering array over the size boundaries (every two of
// input_size, hidden_size, batch, sequence length and num_layers meet at every pair of their boundary values),
// crossed pairwise with dtype, bias, batch_first, bidirectional and hx. Each case stays cheap: where two sizes
// are large, the others are small.
import { type DType, numDirections } from '../../oracle/index.js';
import { coveringArray, type Factor, type Row } from './covering-array.js';
import { LARGE_SIZES, SIZE_BOUNDARIES } from './size-boundaries.js';

/** One size case: the sizes and switches of a call (its data comes from a seed). */
export interface SizeCase {
  input_size: number;
  hidden_size: number;
  batch: number;
  steps: number;
  num_layers: number;
  dtype: DType;
  bias: boolean;
  batch_first: boolean;
  bidirectional: boolean;
  hxGiven: boolean;
}

const SWITCHES = ['dtype', 'bias', 'batch_first', 'bidirectional', 'hxGiven'] as const;

export const SIZE_FACTORS: Factor[] = [
  ...Object.entries(SIZE_BOUNDARIES).map(([name, values]) => ({ name, values })),
  ...SWITCHES.map((name) => ({ name, values: [0, 1] })),
];

/** Floating-point operations of a forward pass: 2 per multiply-add of W_ih x and W_hh h, every layer, step, row. */
export function forwardFlops(
  c: Pick<SizeCase, 'input_size' | 'hidden_size' | 'batch' | 'steps' | 'num_layers' | 'bidirectional'>,
): number {
  const D = numDirections(c);
  const H = c.hidden_size;
  const perStep = 3 * H * (c.input_size + H) + (c.num_layers - 1) * 3 * H * (D * H + H);
  return 2 * perStep * D * c.steps * c.batch;
}

function toCase(row: Row): SizeCase {
  const v = (i: number) => SIZE_FACTORS[i].values[Math.max(row[i], 0)];
  return {
    input_size: v(0),
    hidden_size: v(1),
    batch: v(2),
    steps: v(3),
    num_layers: v(4),
    dtype: v(5) === 1 ? 'float64' : 'float32',
    bias: v(6) === 1,
    batch_first: v(7) === 1,
    bidirectional: v(8) === 1,
    hxGiven: v(9) === 1,
  };
}

/** No size case costs more than this (the costliest pair, hidden 257 with 513 steps, needs about 2e8). */
export const SIZE_CASE_FLOP_CAP = 2.5e8;

/** A pair covered in a row is worth this many floating-point operations (about what one more call costs). */
const PAIR_WORTH = Number(process.env.PAIR_WORTH ?? 1e6);

/** The small sizes a large one is met with: a few units, steps and rows, 2 layers. */
const SMALL = { input_size: 3, hidden_size: 5, batch: 2, steps: 3, num_layers: 2 };
/** Where the units are many: 2 steps (so that W_hh h counts even without hx), one row, one layer. */
const SMALL_FOR_LARGE_HIDDEN = { ...SMALL, batch: 1, steps: 2, num_layers: 1 };

/**
 * One row per large size and dtype, the other sizes small; the switches turn with the row (bidirectional on two
 * rows of three, batch_first and hx on every other one), so that each large size meets both directions.
 */
export function largeSizeCases(): SizeCase[] {
  const rows: SizeCase[] = [];
  for (const [dim, values] of Object.entries(LARGE_SIZES)) {
    for (const value of values) {
      for (const dtype of ['float32', 'float64'] as const) {
        const i = rows.length;
        rows.push({
          ...(dim === 'hidden_size' ? SMALL_FOR_LARGE_HIDDEN : SMALL),
          [dim]: value,
          dtype,
          bias: i % 4 !== 3,
          batch_first: i % 2 === 1,
          bidirectional: i % 3 !== 2,
          hxGiven: Math.floor(i / 2) % 2 === 0,
        });
      }
    }
  }
  return rows;
}

let cached: SizeCase[] | undefined;

/** The size cases, in a fixed order: the covering array (most expensive pairs first), then the large sizes. */
export function sizeCases(): SizeCase[] {
  cached ??= [
    ...coveringArray(SIZE_FACTORS, {
      cost: (row) => forwardFlops(toCase(row)),
      cap: SIZE_CASE_FLOP_CAP,
      pairWorth: PAIR_WORTH,
    }).map(toCase),
    ...largeSizeCases(),
  ];
  return cached;
}

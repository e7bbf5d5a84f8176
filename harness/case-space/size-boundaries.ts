// The sizes where real GRU kernels change code path: every power of two from 1 to 256 and its neighbours
// (vector widths, tiles, batch-size thresholds), a few odd primes (no width divides them), and sequence
// lengths up to 513 and 6 layers (long recurrences, deep stacks).

/** 2^k - 1, 2^k, 2^k + 1 for 2^k from 1 to `top`, positive, sorted, without repeats. */
export function powersOfTwoAndNeighbours(top: number): number[] {
  const values = new Set<number>();
  for (let p = 1; p <= top; p *= 2) for (const v of [p - 1, p, p + 1]) if (v >= 1) values.add(v);
  return [...values].sort((a, b) => a - b);
}

/** Odd primes that no vector or tile width divides, beside those among the neighbours (3, 5, 7, 17, 31, 127, 257). */
export const ODD_PRIMES = [11, 13, 61, 97];

const widths = [...powersOfTwoAndNeighbours(256), ...ODD_PRIMES].sort((a, b) => a - b);

/** The boundary values of each size dimension the default profile covers pairwise. */
export const SIZE_BOUNDARIES = {
  input_size: widths,
  hidden_size: widths,
  batch: widths,
  steps: [...new Set([...widths, ...powersOfTwoAndNeighbours(512)])].sort((a, b) => a - b),
  num_layers: [1, 2, 3, 4, 5, 6],
} as const;

export type SizeDimension = keyof typeof SIZE_BOUNDARIES;
export const SIZE_DIMENSIONS = Object.keys(SIZE_BOUNDARIES) as SizeDimension[];

// The sizes where real GRU kernels change code path: every power of two from 1 to 256 and its neighbours
// (vector widths, tiles, batch-size thresholds), a few odd primes (no width divides them), and sequence
// lengths up to 513 and 6 layers (long recurrences, deep stacks), all met pairwise; past them, up to 1025
// features, units and batch rows and 4097 steps, one size at a time.

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

/**
 * Past the pairwise range, one size at a time: the 512 and 1024 tiles (and neighbours) of input_size,
 * hidden_size and batch, and sequence lengths around 1024, 2048 and 4096 (buffers and chunks of steps).
 * Each is met with the other sizes small (harness/case-space/size-cases.ts), which keeps every call cheap.
 */
export const LARGE_SIZES = {
  input_size: [511, 512, 513, 1023, 1024, 1025],
  hidden_size: [511, 512, 513, 1023, 1024, 1025],
  batch: [511, 512, 513, 1023, 1024, 1025],
  steps: [1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097],
} as const;

export type SizeDimension = keyof typeof SIZE_BOUNDARIES;
export const SIZE_DIMENSIONS = Object.keys(SIZE_BOUNDARIES) as SizeDimension[];

// How close to its allowance every compared value came: counts of |actual - expected| / allowance in half-decade
// bins on a log scale, so a report can tell "passes with margin" from "passes by a hair" (the worst alone cannot).

/** Bin i holds ratios in (10^((i - 13) / 2), 10^((i - 12) / 2)]: bin 0 is <= 1e-6 (exact values too), bin 12
 * ends at 1 (the last passing bin), bin 16 ends at 100, bin 17 is above 100 or not a number. */
export const RATIO_BINS = 18;
const FIRST_EDGE_LOG10 = -6;

/** The bin of one ratio; a few operations, for the comparator's inner loop. */
export function ratioBin(ratio: number): number {
  if (ratio <= 1e-6) return 0;
  if (!(ratio <= 100)) return RATIO_BINS - 1; // above 100, infinite or NaN
  return Math.ceil(2 * (Math.log10(ratio) - FIRST_EDGE_LOG10));
}

/** The upper edge of bin i (Infinity for the last). */
export function binUpperEdge(i: number): number {
  return i >= RATIO_BINS - 1 ? Number.POSITIVE_INFINITY : 10 ** (FIRST_EDGE_LOG10 + i / 2);
}

export const emptyHistogram = (): number[] => new Array<number>(RATIO_BINS).fill(0);

/** Adds b into a, bin by bin (a histogram missing from an older report counts as empty). */
export function addHistogram(a: number[] | undefined, b: number[] | undefined): number[] | undefined {
  if (a === undefined) return b === undefined ? undefined : [...b];
  if (b === undefined) return a;
  return a.map((n, i) => n + (b[i] ?? 0));
}

// A pairwise covering array: rows of factor values such that every pair of values of every two factors appears
// in some row. Built greedily and deterministically (the same factors always give the same rows), one row at
// a time in the manner of AETG: start from the first pair not yet covered, then give each other factor the
// value that covers the most new pairs, the cheapest among equals, never past a cost cap. Expensive pairs
// (two large sizes) are taken first, while the other factors can still be cheap.

export interface Factor {
  name: string;
  values: readonly number[];
}

/** A row: one value index per factor, in factor order. */
export type Row = number[];

export interface CoveringOptions {
  /** The cost of a row whose unassigned factors (-1) take their cheapest value. */
  cost: (row: Row) => number;
  /** No row may cost more (a pair whose cheapest row costs more is an error). */
  cap: number;
  /** What covering one more pair is worth, in units of cost: a value must pay for what it adds. */
  pairWorth: number;
}

type Pair = [f: number, a: number, g: number, b: number];

function pairKey(f: number, a: number, g: number, b: number): number {
  // factor indices < 64, value indices < 1024
  return ((f * 1024 + a) * 64 + g) * 1024 + b;
}

export function coveringArray(factors: Factor[], options: CoveringOptions): Row[] {
  const n = factors.length;
  const uncovered = new Set<number>();
  const pairs: Pair[] = [];
  for (let f = 0; f < n; f++)
    for (let g = f + 1; g < n; g++)
      for (let a = 0; a < factors[f].values.length; a++)
        for (let b = 0; b < factors[g].values.length; b++) {
          pairs.push([f, a, g, b]);
          uncovered.add(pairKey(f, a, g, b));
        }
  const alone = (f: number, a: number, g: number, b: number): Row => {
    const row = new Array(n).fill(-1);
    row[f] = a;
    row[g] = b;
    return row;
  };
  // The most expensive pairs first: they need every other factor at its cheapest.
  pairs.sort((p, q) => options.cost(alone(...q)) - options.cost(alone(...p)));
  const gain = (row: Row, f: number, a: number): number => {
    let count = 0;
    for (let g = 0; g < n; g++) {
      if (g === f || row[g] < 0) continue;
      if (uncovered.has(f < g ? pairKey(f, a, g, row[g]) : pairKey(g, row[g], f, a))) count++;
    }
    return count;
  };
  const rows: Row[] = [];
  for (const [f, a, g, b] of pairs) {
    if (!uncovered.has(pairKey(f, a, g, b))) continue;
    const row = alone(f, a, g, b);
    if (options.cost(row) > options.cap) {
      throw new Error(
        `covering array: ${factors[f].name}=${factors[f].values[a]} with ${factors[g].name}=${factors[g].values[b]} costs more than the cap`,
      );
    }
    for (let h = 0; h < n; h++) {
      if (row[h] >= 0) continue;
      row[h] = -1;
      const base = options.cost(row);
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      let bestCost = Number.POSITIVE_INFINITY;
      for (let v = 0; v < factors[h].values.length; v++) {
        row[h] = v;
        const c = options.cost(row);
        if (c > options.cap) continue;
        const score = gain(row, h, v) - (c - base) / options.pairWorth;
        if (score > bestScore || (score === bestScore && c < bestCost))
          [best, bestScore, bestCost] = [v, score, c];
      }
      row[h] = best;
    }
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) uncovered.delete(pairKey(p, row[p], q, row[q]));
    rows.push(row);
  }
  return rows;
}

/** Every pair of every two factors appears in some row (for the test of the construction). */
export function uncoveredPairs(factors: Factor[], rows: Row[]): string[] {
  const missing: string[] = [];
  for (let f = 0; f < factors.length; f++)
    for (let g = f + 1; g < factors.length; g++)
      for (let a = 0; a < factors[f].values.length; a++)
        for (let b = 0; b < factors[g].values.length; b++)
          if (!rows.some((r) => r[f] === a && r[g] === b))
            missing.push(
              `${factors[f].name}=${factors[f].values[a]} x ${factors[g].name}=${factors[g].values[b]}`,
            );
  return missing;
}

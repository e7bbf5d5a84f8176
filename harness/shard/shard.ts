// --shard k/n: which part of a run one of n CI jobs runs. check: the checks, round-robin in profile order, so every
// job gets a slice of every family (goldens first, sizes last) and the n jobs together run each check exactly
// once. fuzz: the rounds (round r fuzzes every check with seed + r), round r going to job r mod n + 1.

export interface Shard {
  /** 1-based: this job is shard `index` of `count`. */
  index: number;
  count: number;
}

/** The shard as a report records it: which one, and how many checks the whole (unsharded) run selects. */
export interface ShardRecord extends Shard {
  /** Checks of the whole run, all shards together. */
  total: number;
  /** What is split: absent, the checks (check); `rounds`, fuzz's rounds (every shard runs every check). */
  partition?: 'rounds';
}

/** Parses `k/n` (1 <= k <= n); a bad value is a usage error naming it. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (m === null) throw new Error(`--shard: expected k/n, e.g. 2/4, got '${text}'`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (!(count >= 1 && Number.isSafeInteger(count)))
    throw new Error(`--shard: n must be at least 1, got '${text}'`);
  if (!(index >= 1 && index <= count))
    throw new Error(`--shard: k must be from 1 to ${count}, got '${text}'`);
  return { index, count };
}

/** The position (0-based) in the whole run of the j-th check of a shard. */
export function wholePosition(shard: Shard, j: number): number {
  return shard.index - 1 + j * shard.count;
}

/** How many checks of `total` a shard runs. */
export function shardSize(shard: Shard, total: number): number {
  return Math.max(0, Math.ceil((total - (shard.index - 1)) / shard.count));
}

/** The checks shard k of n runs: every n-th, from the k-th. */
export function shardOf<T>(items: T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return items;
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}

/** Whether fuzz round `round` (0-based) is shard k's: rounds go round-robin, round r to shard r mod n + 1. */
export function ownsRound(shard: Shard | undefined, round: number): boolean {
  return shard === undefined || round % shard.count === shard.index - 1;
}

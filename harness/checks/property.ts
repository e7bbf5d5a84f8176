// Runs one fast-check property against an implementation: fixed seed, shrinking, a replay token on failure.
import fc from 'fast-check';
import type { DType } from '../../oracle/index.js';
import type { CheckContext, CheckOutcome, WorstSeen } from './types.js';

export interface Verdict {
  ok: boolean;
  message: string;
  worst?: WorstSeen[];
  /** The case is outside what the implementation declares it supports (counts as neither pass nor fail). */
  skipped?: boolean;
}

/** Keeps the largest error ratio seen per dtype. */
export class WorstTracker {
  private readonly byDtype = new Map<DType, WorstSeen>();
  add(seen: WorstSeen[] | undefined): void {
    for (const w of seen ?? []) {
      const prev = this.byDtype.get(w.dtype);
      if (prev === undefined || w.ratio > prev.ratio) this.byDtype.set(w.dtype, w);
    }
  }
  list(): WorstSeen[] {
    return [...this.byDtype.values()];
  }
}

class PropertyFailure extends Error {}

/** A per-check seed derived from the run's seed, so checks are independent and each replays alone. */
export function checkSeed(seed: number, checkId: string): number {
  let h = seed >>> 0;
  for (const ch of checkId) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return h & 0x7fffffff;
}

export async function runProperty<T>(
  checkId: string,
  arb: fc.Arbitrary<T>,
  ctx: CheckContext,
  runs: number,
  predicate: (value: T) => Promise<Verdict>,
): Promise<Omit<CheckOutcome, 'id' | 'family' | 'clauses' | 'title' | 'durationMs'>> {
  const worst = new WorstTracker();
  let cases = 0;
  let skipped = 0;
  let calls = 0;
  const property = fc.asyncProperty(arb, async (value) => {
    // Yield to the event loop now and then, so that a deadline or Ctrl-C can stop a long run.
    if (ctx.signal && ++calls % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal?.aborted) return;
    const verdict = await predicate(value);
    worst.add(verdict.worst);
    if (verdict.skipped) {
      skipped++;
      return;
    }
    cases++;
    if (!verdict.ok) throw new PropertyFailure(verdict.message);
  });
  const seed = ctx.replay?.seed ?? checkSeed(ctx.seed, checkId);
  const details = await fc.check(property, {
    seed,
    numRuns: ctx.replay ? 1 : runs,
    path: ctx.replay?.path,
    endOnFailure: ctx.replay !== undefined,
  });
  if (details.failed) {
    const error = details.errorInstance as Error | undefined;
    return {
      status: 'fail',
      cases,
      worst: worst.list(),
      failure: {
        message: error?.message ?? String(details.errorInstance),
        counterexample: details.counterexample?.[0],
        replay: `${checkId}:${details.seed}:${details.counterexamplePath}`,
      },
    };
  }
  if (cases === 0)
    return {
      status: 'skip',
      cases,
      worst: worst.list(),
      skipReason: `all ${skipped} cases outside the declared capabilities`,
    };
  return { status: 'pass', cases, worst: worst.list() };
}

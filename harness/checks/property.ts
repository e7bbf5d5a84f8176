// Runs one fast-check property against an implementation: fixed seed, shrinking, a replay token on failure.
import fc from 'fast-check';
import type { PendingEvidence } from '../judging/evidence.js';
import type { Localisation } from '../judging/localise.js';
import type { RatioGrids } from '../judging/ratio-grid.js';
import type { FailureKind } from '../judging/verdict.js';
import { type Verdict, WorstTracker } from '../judging/verdict.js';
import { describeStop } from '../run-guard.js';
import { evidenceField } from './evidence-field.js';
import type { CheckContext, CheckResult } from './types.js';

class PropertyFailure extends Error {
  constructor(
    message: string,
    readonly localisation?: Localisation,
    readonly kind?: FailureKind,
    readonly grids?: RatioGrids,
    readonly evidence?: PendingEvidence,
  ) {
    super(message);
  }
}

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
  predicate: (value: T) => Promise<Verdict>,
): Promise<CheckResult> {
  const worst = new WorstTracker();
  let cases = 0;
  let stopped = false;
  let calls = 0;
  const warnings = new WarningTally();
  const property = fc.asyncProperty(arb, async (value) => {
    // Yield to the event loop now and then, so that a deadline or a signal can stop a long run.
    if (++calls % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (ctx.guard.stopped) {
      stopped = true;
      return;
    }
    const verdict = await predicate(value);
    if (verdict.stopped) {
      stopped = true;
      return;
    }
    worst.add(verdict.worst);
    cases++;
    if (verdict.warning !== undefined) warnings.add(verdict.warning);
    if (!verdict.ok)
      throw new PropertyFailure(
        verdict.message,
        verdict.localisation,
        verdict.kind,
        verdict.grids,
        verdict.evidence,
      );
  });
  const seed = ctx.replay?.seed ?? checkSeed(ctx.seed, checkId);
  const total = ctx.replay ? 1 : ctx.runs;
  const details = await fc.check(property, {
    seed,
    numRuns: total,
    path: ctx.replay?.path,
    endOnFailure: ctx.replay !== undefined,
  });
  if (details.failed) {
    const error = details.errorInstance as Error | undefined;
    const where = error instanceof PropertyFailure ? error.localisation : undefined;
    const kind = error instanceof PropertyFailure ? error.kind : undefined;
    const grids = error instanceof PropertyFailure ? error.grids : undefined;
    // The error of the last failing run: the minimal case's, whose request the evidence holds.
    const evidence = evidenceField(ctx, error instanceof PropertyFailure ? error.evidence : undefined);
    return {
      status: 'fail',
      cases,
      worst: worst.list(),
      ...warnings.field(),
      failure: {
        message: error?.message ?? String(details.errorInstance),
        ...(kind ? { kind } : {}),
        counterexample: details.counterexample?.[0],
        replay: `${checkId}:${details.seed}:${details.counterexamplePath}`,
        ...(where ? { localisation: where } : {}),
        ...(grids ? { grids } : {}),
        ...evidence,
      },
    };
  }
  if (stopped) {
    const why = ctx.guard.stopReason ? describeStop(ctx.guard.stopReason) : 'stopped';
    return {
      status: 'skip',
      skipKind: 'stopped',
      cases,
      worst: worst.list(),
      ...warnings.field(),
      skipReason: `${why} after ${cases} of ${total} cases`,
    };
  }
  return { status: 'pass', cases, worst: worst.list(), ...warnings.field() };
}

/** The warnings of a property's cases, folded: each distinct kind once, with how many cases raised it. */
class WarningTally {
  private first: string | undefined;
  private count = 0;
  add(warning: string): void {
    this.first ??= warning;
    this.count++;
  }
  field(): { warnings?: string[] } {
    if (this.first === undefined) return {};
    return {
      warnings: [this.count === 1 ? this.first : `${this.first} (and ${this.count - 1} more cases like it)`],
    };
  }
}

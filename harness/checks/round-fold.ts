// One check's outcomes over fuzz rounds folded into one: cases add up, the worst errors stay, and the status,
// failure, warnings and skip reason are those of the earliest round with the gravest status. The fold gives the
// same outcome in any order, so the rounds of one run split over shards merge into the unsharded run's outcome.
import { DTYPES } from '../../oracle/index.js';
import { keepWorst } from '../judging/verdict.js';
import type { CheckOutcome } from './types.js';

const RANK: Record<CheckOutcome['status'], number> = { fail: 3, error: 2, pass: 1, skip: 0 };

/** The outcome that decides: the graver status, then the earlier round. */
function decider(a: CheckOutcome, b: CheckOutcome): CheckOutcome {
  if (RANK[a.status] !== RANK[b.status]) return RANK[a.status] > RANK[b.status] ? a : b;
  return (b.round ?? Number.POSITIVE_INFINITY) < (a.round ?? Number.POSITIVE_INFINITY) ? b : a;
}

/** The outcome of round `round`, tagged with it (its failure too: the report says which round found it). */
export function inRound(o: CheckOutcome, round: number): CheckOutcome {
  return o.failure ? { ...o, round, failure: { ...o.failure, round } } : { ...o, round };
}

/** `next` folded into `total` (undefined: nothing yet); the worst values per dtype in DTYPES order. */
export function foldRounds(total: CheckOutcome | undefined, next: CheckOutcome): CheckOutcome {
  const worst = keepWorst([...(total?.worst ?? [])], next.worst).sort(
    (a, b) => DTYPES.indexOf(a.dtype) - DTYPES.indexOf(b.dtype),
  );
  if (total === undefined) return { ...next, worst };
  return {
    ...decider(total, next),
    cases: total.cases + next.cases,
    worst,
    durationMs: total.durationMs + next.durationMs,
  };
}

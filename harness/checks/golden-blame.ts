// Which clauses a failing golden evidences. A golden cites every clause its call exercises (about twenty); a
// wrong answer evidences only some: those the wrong tensor bears on, and of those, the ones that targeted checks
// of the same run also find broken. A gate-order bug must not show `gru.param.names` failing.
import type { TensorProblem } from '../compare.js';
import type { CheckOutcome } from './types.js';

/** Clauses about the output tensor alone, and about h_n alone. */
const OUTPUT_ONLY = new Set([
  'gru.shape.output-batched',
  'gru.dir.output-concat',
  'gru.dir.reverse-output-time-aligned',
]);
const H_N_ONLY = new Set([
  'gru.shape.h-n',
  'gru.shape.h-n-never-batch-first',
  'gru.dir.h-n-index',
  'gru.dir.h-n-final-state',
]);
/**
 * Clauses a wrong value does not evidence: shapes and dtypes that were right, and the parameters' names and
 * shapes, which the replay itself supplies (a name mixed up shows as wrong values, as an equation bug does; the
 * equation clauses are the ones targeted checks can isolate).
 */
const LAYOUT = (c: string) =>
  c.startsWith('gru.shape.') || c.startsWith('gru.dtype.') || c.startsWith('gru.param.');
const NON_FINITE = new Set(['gru.num.nan-propagation', 'gru.num.infinity-saturation']);

type Problems = { output?: TensorProblem; h_n?: TensorProblem };

/**
 * The cited clauses that what is wrong with the answer bears on; `problems` undefined: there was no answer
 * (rejected, crashed), which narrows nothing. Never empty when `cited` is not.
 */
export function clausesOfProblems(cited: string[], problems: Problems | undefined): string[] {
  if (problems === undefined) return cited;
  const wrong = [problems.output, problems.h_n].filter((p) => p !== undefined);
  const touches = (c: string) =>
    !(OUTPUT_ONLY.has(c) && problems.output === undefined) &&
    !(H_N_ONLY.has(c) && problems.h_n === undefined);
  let blamed: string[];
  if (wrong.includes('dtype')) blamed = cited.filter((c) => c.startsWith('gru.dtype.'));
  else if (wrong.includes('shape'))
    blamed = cited.filter((c) => (c.startsWith('gru.shape.') || c === 'gru.dir.output-concat') && touches(c));
  else
    blamed = cited.filter(
      (c) => !LAYOUT(c) && touches(c) && (!NON_FINITE.has(c) || wrong.includes('non-finite')),
    );
  return blamed.length > 0 ? blamed : cited;
}

/**
 * Narrows each failing golden's blame to the clauses that targeted (non-golden) checks of the same run also
 * fail, when there are any: they isolate one area each, so they say which of the golden's clauses broke.
 */
export function narrowGoldenBlame(outcomes: CheckOutcome[]): void {
  const brokenElsewhere = new Set(
    outcomes.filter((o) => o.status === 'fail' && o.family !== 'golden').flatMap((o) => o.clauses),
  );
  for (const o of outcomes) {
    if (o.family !== 'golden' || o.status !== 'fail' || o.failure === undefined) continue;
    const blamed = o.failure.blame ?? o.clauses;
    const narrowed = blamed.filter((c) => brokenElsewhere.has(c));
    o.failure.blame = narrowed.length > 0 ? narrowed : blamed;
  }
}

// The size family: every row of the pairwise covering array of size boundaries (harness/case-space) against
// the oracle, split into parts so that workers can share them, each part's rows cheapest first. A failing row is
// shrunk greedily, one size at a time to the smallest boundary value that still fails, so the report shows the
// smallest case it found.
import type { DType } from '../../oracle/index.js';
import { SIZE_BOUNDARIES, type SizeDimension } from '../case-space/size-boundaries.js';
import { forwardFlops, type SizeCase, sizeCases } from '../case-space/size-cases.js';
import type { GruCase } from '../cases/gru-case.js';
import { type Verdict, WorstTracker } from '../judging/verdict.js';
import { describeStop } from '../run-guard.js';
import { evidenceField } from './evidence-field.js';
import { againstOracle } from './numeric.js';
import { checkSeed } from './property.js';
import type { Check, CheckContext, CheckResult } from './types.js';

/** How many checks the size rows are dealt into (round-robin over rows sorted by cost: even shares). */
export const SIZE_PARTS = 8;
const FAMILY_ID = 'numeric.sizes';
/** A failing row is shrunk with at most this many more calls. */
const SHRINK_CALLS = 48;

/** The generated case of a size row: unit-scale data from the row's own seed, every kwarg given. */
export function sizeCase(row: SizeCase, seed: number, dtypes: DType[]): GruCase {
  // A dtype the run does not check gives way to one it does (the sizes matter more here): the row's dtype level
  // (float32 or float64) picks the first or the second of the run's dtypes, so a float16 and bfloat16 run meets both.
  const level = row.dtype === 'float64' ? 1 : 0;
  const dtype = dtypes.includes(row.dtype) ? row.dtype : dtypes[level % dtypes.length];
  return {
    ...row,
    dtype,
    dropout: 0,
    batched: true,
    omitDefaults: false,
    inputScale: 1,
    paramScale: 1,
    seed,
  };
}

/** The seed of row `index`, from the run's seed. */
function rowSeed(base: number, index: number): number {
  return (Math.imul(base ^ index, 0x9e3779b1) >>> 0) & 0x7fffffff;
}

const SHRINK_ORDER: SizeDimension[] = ['steps', 'batch', 'num_layers', 'input_size', 'hidden_size'];
const SWITCHES = ['bidirectional', 'hxGiven', 'bias', 'batch_first'] as const;

/** The smallest case found that still fails, with its verdict: one dimension at a time, smallest value first. */
async function shrink(ctx: CheckContext, failing: GruCase, verdict: Verdict): Promise<[GruCase, Verdict]> {
  let best = failing;
  let bestVerdict = verdict;
  let calls = 0;
  const attempt = async (candidate: GruCase): Promise<boolean> => {
    if (calls >= SHRINK_CALLS || ctx.guard.stopped) return false;
    calls++;
    const v = await againstOracle(ctx, candidate);
    if (v.ok || v.stopped) return false;
    [best, bestVerdict] = [candidate, v];
    return true;
  };
  for (const dim of SHRINK_ORDER) {
    for (const value of SIZE_BOUNDARIES[dim]) {
      if (value >= best[dim]) break;
      if (await attempt({ ...best, [dim]: value })) break;
    }
  }
  for (const flag of SWITCHES) if (best[flag]) await attempt({ ...best, [flag]: false });
  return [best, bestVerdict];
}

async function runPart(
  ctx: CheckContext,
  id: string,
  rows: [index: number, row: SizeCase][],
): Promise<CheckResult> {
  const base = ctx.replay?.seed ?? checkSeed(ctx.seed, FAMILY_ID);
  const selected = ctx.replay ? rows.filter(([i]) => String(i) === ctx.replay!.path) : rows;
  const worst = new WorstTracker();
  let cases = 0;
  for (const [index, row] of selected) {
    if (ctx.guard.stopped) {
      const why = describeStop(ctx.guard.stopReason!);
      return {
        status: 'skip',
        skipKind: 'stopped',
        cases,
        worst: worst.list(),
        skipReason: `${why} after ${cases} of ${selected.length} cases`,
      };
    }
    const c = sizeCase(row, rowSeed(base, index), ctx.dtypes);
    const verdict = await againstOracle(ctx, c);
    if (verdict.stopped) continue;
    worst.add(verdict.worst);
    cases++;
    if (verdict.ok) continue;
    const [smallest, why] = await shrink(ctx, c, verdict);
    return {
      status: 'fail',
      cases,
      worst: worst.list(),
      failure: {
        message: why.message,
        counterexample: smallest,
        replay: `${id}:${base}:${index}`,
        ...(why.localisation ? { localisation: why.localisation } : {}),
        ...(why.grids ? { grids: why.grids } : {}),
        ...evidenceField(ctx, why.evidence),
      },
    };
  }
  return { status: 'pass', cases, worst: worst.list() };
}

/**
 * The size checks: part k holds rows k, k + SIZE_PARTS, k + 2 * SIZE_PARTS, ... of the covering array. The array
 * is built when a size check is first run or titled, not when the profile is listed: a run that selects no size
 * check (--only, --replay, a shard of goldens) does not pay for it.
 */
export function sizeChecks(): Check[] {
  // Within a part the cheapest rows run first: a faulty implementation fails at the cheapest row that shows its
  // fault (and is shrunk from there), a conformant one runs them all either way.
  const partOf = (k: number) =>
    sizeCases()
      .map((row, i) => [i, row] as [number, SizeCase])
      .filter(([i]) => i % SIZE_PARTS === k)
      .sort(([, a], [, b]) => forwardFlops(a) - forwardFlops(b));
  return Array.from({ length: SIZE_PARTS }, (_, k) => {
    const id = `${FAMILY_ID}.${k + 1}`;
    return {
      id,
      family: 'numeric',
      clauses: ['gru.num.any-size', 'gru.num.tolerance'],
      get title() {
        return `sizes at vector, tile and threshold boundaries, part ${k + 1} of ${SIZE_PARTS}: ${partOf(k).length} of the ${sizeCases().length} cases covering every pair of boundary values of input, hidden, batch, steps and layers`;
      },
      run: (ctx) => runPart(ctx, id, partOf(k)),
    } satisfies Check;
  });
}

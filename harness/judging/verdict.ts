// What judging one case says (a verdict), and the worst error ratio seen per dtype across many verdicts.
import type { DType } from '../../oracle/index.js';
import type { TensorProblem } from './compare.js';
import type { FailureKind, PendingEvidence } from './evidence.js';
import type { Localisation } from './localise.js';
import type { RatioGrids } from './ratio-grid.js';
import { addHistogram } from './ratio-histogram.js';

export interface WorstSeen {
  dtype: DType;
  /** |actual - expected| / allowance: <= 1 passes. */
  ratio: number;
  error: number;
  allowance: number;
  /** How many compared values fell in each log-scale bin of |diff| / allowance (judging/ratio-histogram.ts). */
  histogram?: number[];
}

export type { FailureKind } from './evidence.js';

export interface Verdict {
  ok: boolean;
  message: string;
  /** What kind of failure this is, where it is not a wrong value (invalid calls). */
  kind?: FailureKind;
  /** Something to report that does not fail the case. */
  warning?: string;
  /** What is wrong with each tensor of an answer, when one was judged (undefined: that tensor is right). */
  problems?: { output?: TensorProblem; h_n?: TensorProblem };
  worst?: WorstSeen[];
  /** Where the results differ (value failures of a known layout). */
  localisation?: Localisation;
  /** |diff| / allowance over (time step x hidden unit) and h_n rows (value failures of a known layout). */
  grids?: RatioGrids;
  /** The run stopped before the implementation answered: nothing was judged (neither pass nor fail). */
  stopped?: boolean;
  /** A failure's calls and comparisons, for --dump (references; harness/judging/evidence.ts). */
  evidence?: PendingEvidence;
}

/** The verdict of a call that the run's stop cut short. */
export const STOPPED_VERDICT: Verdict = {
  ok: false,
  message: 'the run stopped before an answer',
  stopped: true,
};

/**
 * `seen` folded into `into`: per dtype, the entry of the largest ratio stays (first seen on a tie), with the
 * histograms of both added.
 */
export function keepWorst(into: WorstSeen[], seen: readonly WorstSeen[] | undefined): WorstSeen[] {
  for (const w of seen ?? []) {
    const i = into.findIndex((x) => x.dtype === w.dtype);
    if (i < 0) into.push(w);
    else into[i] = worseOf(into[i], w);
  }
  return into;
}

/** a > b, with NaN above every number (an allowance that is not a number is the worst there is). */
const above = (a: number, b: number) => a > b || (Number.isNaN(a) && !Number.isNaN(b));

/**
 * Whether `a` is worse than `b`: the larger ratio, then the larger error, then the larger allowance. A total
 * order, so that folding many verdicts gives the same worst in any order (fuzz rounds merged across shards).
 */
function isWorse(a: WorstSeen, b: WorstSeen): boolean {
  if (a.ratio !== b.ratio) return above(a.ratio, b.ratio);
  if (a.error !== b.error) return above(a.error, b.error);
  return above(a.allowance, b.allowance);
}

/** The larger of two worst values of one dtype, with both histograms added. */
export function worseOf(prev: WorstSeen, next: WorstSeen): WorstSeen {
  const { histogram: _ignored, ...kept } = isWorse(next, prev) ? next : prev;
  const histogram = addHistogram(prev.histogram, next.histogram);
  return histogram ? { ...kept, histogram } : kept;
}

/** Keeps the largest error ratio seen per dtype. */
export class WorstTracker {
  private readonly seen: WorstSeen[] = [];
  add(seen: WorstSeen[] | undefined): void {
    keepWorst(this.seen, seen);
  }
  list(): WorstSeen[] {
    return [...this.seen];
  }
}

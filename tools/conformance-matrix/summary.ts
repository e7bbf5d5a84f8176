// One report reduced to a matrix row: checks per family, worst errors per dtype, failing clauses, diagnosis.
import {
  type CheckOutcome,
  FAMILIES,
  type Family,
  keepWorst,
  type Report,
  type WorstSeen,
} from '../../harness/index.js';

export { FAMILIES };

export interface FamilyCount {
  passed: number;
  failed: number;
  skipped: number;
}

export interface RowSummary {
  name: string;
  version: string;
  dtypes: string[];
  verdict: Report['verdict'];
  families: Record<Family, FamilyCount>;
  /** Per dtype: the worst element over the passing checks, and over every check. */
  worst: { dtype: string; passing?: WorstSeen; all?: WorstSeen }[];
  /** Clauses a failing targeted check (numeric, relation, error, init) evidences. */
  failingClauses: string[];
  /** Clauses marked failing only because a failing golden cites them (no targeted check decided them). */
  goldenOnlyClauses: string[];
  failingChecks: CheckOutcome[];
  diagnosis?: string;
  durationMs: number;
}

function familyCount(checks: CheckOutcome[], family: Family): FamilyCount {
  const mine = checks.filter((c) => c.family === family);
  const count = (s: CheckOutcome['status']) => mine.filter((c) => c.status === s).length;
  return { passed: count('pass'), failed: count('fail'), skipped: count('skip') };
}

function worstOf(checks: CheckOutcome[], dtype: string): WorstSeen | undefined {
  const finite = checks.flatMap((c) => c.worst).filter((w) => Number.isFinite(w.ratio));
  return keepWorst([], finite).find((w) => w.dtype === dtype);
}

export function summarize(report: Report): RowSummary {
  const { checks } = report;
  const passing = checks.filter((c) => c.status === 'pass');
  return {
    name: report.implementation.name,
    version: report.implementation.version ?? 'unknown',
    dtypes: report.options.dtypes,
    verdict: report.verdict,
    families: Object.fromEntries(FAMILIES.map((f) => [f, familyCount(checks, f)])) as RowSummary['families'],
    worst: report.options.dtypes.map((dtype) => ({
      dtype,
      passing: worstOf(passing, dtype),
      all: worstOf(checks, dtype),
    })),
    failingClauses: report.clauses.filter((c) => c.failed > 0).map((c) => c.id),
    goldenOnlyClauses: report.clauses.filter((c) => c.status === 'fail' && c.failed === 0).map((c) => c.id),
    failingChecks: checks.filter((c) => c.status === 'fail'),
    diagnosis: report.diagnosis,
    durationMs: report.durationMs,
  };
}

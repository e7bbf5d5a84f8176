// The exit status of check and fuzz, decided here and nowhere else (README, "Exit status").
import type { Report } from '../report/types.js';

/** The status a usage error, a harness error or an incomplete run exits with. */
export const EXIT_INCOMPLETE = 2;

/**
 * 0: conformant (complete, every requested family judged, nothing failed); 1: not conformant; 2: incomplete;
 * 130 or 143: incomplete because SIGINT or SIGTERM stopped the run.
 */
export function exitStatus(report: Report): number {
  if (report.stop?.kind === 'signal') return report.stop.signal === 'SIGINT' ? 130 : 143;
  const s = report.summary;
  const clean = report.incomplete.length === 0 && s.failed === 0 && s.errors === 0 && s.cases > 0;
  if (report.verdict === 'conformant' && clean) return 0;
  return report.verdict === 'not-conformant' ? 1 : EXIT_INCOMPLETE;
}

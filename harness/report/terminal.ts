// The human summary: one line per clause, then every failure with its minimal case and replay command.
import type { CheckOutcome, WorstSeen } from '../checks/types.js';
import type { Report } from './types.js';

const MARK = { pass: 'PASS', fail: 'FAIL', skip: 'skip', unchecked: '----' } as const;

/** The largest error ratio per dtype over the passing checks. */
function worstByDtype(checks: CheckOutcome[]): WorstSeen[] {
  const best = new Map<string, WorstSeen>();
  for (const w of checks.filter((c) => c.status === 'pass').flatMap((c) => c.worst)) {
    const prev = best.get(w.dtype);
    if (prev === undefined || w.ratio > prev.ratio) best.set(w.dtype, w);
  }
  return [...best.values()].sort((a, b) => a.dtype.localeCompare(b.dtype));
}

function worstLine(checks: CheckOutcome[]): string {
  const worst = worstByDtype(checks);
  if (worst.length === 0) return 'Closest to its allowance in passing checks: none measured';
  // The ratio is what passes or fails (<= 1); the raw |diff| alone would alarm where the values are large.
  const parts = worst.map(
    (w) => `${w.dtype} ${w.ratio.toFixed(3)} of its allowance (|diff| ${w.error.toExponential(2)})`,
  );
  return `Closest to its allowance in passing checks: ${parts.join('; ')}`;
}

function compact(value: unknown): string {
  const s = JSON.stringify(value, (_k, v) => (v instanceof Float64Array ? `<${v.length} values>` : v));
  return s === undefined ? String(value) : s.length > 400 ? `${s.slice(0, 400)}...` : s;
}

/** What reproduces the run: a replay names its token (which holds its own seed), any other run its seed. */
function runIdentity(report: Report): string {
  const o = report.options;
  if (o.replay !== undefined) return `replay ${o.replay}`;
  return `seed ${o.seed}${o.seedSource === 'random' ? ' (random)' : ''}`;
}

/** The report as text; `command` is how to re-run the same check (for replay lines). */
export function renderTerminal(report: Report, command: string): string {
  const lines: string[] = [];
  const width = Math.max(...report.clauses.map((c) => c.id.length));
  const checked = report.clauses.filter((c) => c.status !== 'unchecked');
  const unchecked = report.clauses.filter((c) => c.status === 'unchecked');
  lines.push(`Clauses (${checked.length} of ${report.clauses.length} checked by this run):`);
  for (const c of checked) {
    const goldens = c.goldensPassed + c.goldensFailed;
    const judged = c.passed + c.failed;
    const parts = [
      judged > 0 ? `checks ${c.passed}/${judged} passed` : '',
      goldens > 0 ? `goldens ${c.goldensPassed}/${goldens} passed` : '',
      c.skipped > 0 ? `${c.skipped} ${c.skipped === 1 ? 'check' : 'checks'} skipped` : '',
    ];
    const worst = worstByDtype(report.checks.filter((o) => o.clauses.includes(c.id)));
    if (worst.length > 0)
      parts.push(`worst ${Math.max(...worst.map((w) => w.ratio)).toFixed(3)} of allowance`);
    lines.push(`  ${MARK[c.status]}  ${c.id.padEnd(width)}  ${parts.filter(Boolean).join(', ')}`);
  }
  if (unchecked.length > 0) {
    const ids = unchecked.map((c) => c.id);
    const shown =
      ids.length > 6 ? `${ids.slice(0, 6).join(', ')}, ... (the JSON report lists all)` : ids.join(', ');
    lines.push(`  ${MARK.unchecked}  not checked by this run (${unchecked.length}): ${shown}`);
  }
  const failures = report.checks.filter((c) => c.status === 'fail');
  const goldenFailures = failures.filter((c) => c.family === 'golden');
  const detailed = failures.filter((c) => c.family !== 'golden');
  if (failures.length > 0) lines.push('', `Failures (${failures.length}):`);
  if (goldenFailures.length > 0) {
    const goldens = report.checks.filter((c) => c.family === 'golden').length;
    const first = goldenFailures[0];
    lines.push(
      `  x ${goldenFailures.length} of ${goldens} PyTorch goldens: ${goldenFailures
        .slice(0, 4)
        .map((c) => c.id.slice('golden.'.length))
        .join(', ')}${goldenFailures.length > 4 ? ', ...' : ''}`,
      `      first: ${first.id}: ${first.failure?.message ?? ''}`,
    );
    if (first.failure?.localisation) lines.push(`      where: ${first.failure.localisation.summary}`);
    const blamed = [...new Set(goldenFailures.flatMap((c) => c.failure?.blame ?? c.clauses))];
    lines.push(`      clauses they evidence: ${blamed.join(', ')}`);
  }
  for (const f of detailed) {
    lines.push(
      `  x ${f.id}  [${f.clauses.join(', ')}]`,
      `      ${f.title}`,
      `      ${f.failure?.message ?? ''}`,
    );
    if (f.failure?.localisation) lines.push(`      where: ${f.failure.localisation.summary}`);
    if (f.failure?.counterexample !== undefined)
      lines.push(`      minimal case: ${compact(f.failure.counterexample)}`);
    if (f.failure?.replay) lines.push(`      replay: ${command} --replay ${f.failure.replay}`);
  }
  const warned = report.checks.filter((c) => (c.warnings?.length ?? 0) > 0);
  if (warned.length > 0) {
    lines.push('', `Warnings (${warned.length} checks; --strict-clauses makes a missing clause a failure):`);
    for (const w of warned.slice(0, 5)) lines.push(`  ? ${w.id}: ${w.warnings![0]}`);
    if (warned.length > 5) lines.push(`  ? ... and ${warned.length - 5} more checks (see the JSON report)`);
  }
  const errors = report.checks.filter((c) => c.status === 'error');
  if (errors.length > 0) {
    lines.push('', `Harness errors (${errors.length}): the suite broke, not necessarily the implementation:`);
    for (const e of errors.slice(0, 3))
      lines.push(`  ! ${e.id}: ${(e.failure?.message ?? '').split('\n')[0]}`);
  }
  const skips = report.checks.filter((c) => c.status === 'skip');
  if (skips.length > 0) {
    const reasons = new Map<string, number>();
    for (const s of skips) {
      const key = s.skipKind === 'stopped' ? 'the run stopped first' : (s.skipReason ?? '');
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    lines.push('', `Skipped: ${[...reasons].map(([r, n]) => `${n} (${r})`).join('; ')}`);
  }
  if (report.incomplete.length > 0) {
    lines.push('', 'Incomplete: this run cannot vouch for conformance:');
    for (const reason of report.incomplete) lines.push(`  - ${reason}`);
  }
  const s = report.summary;
  const byStatus = (st: string) => report.clauses.filter((c) => c.status === st).length;
  if (report.diagnosis) lines.push('', `Diagnosis: ${report.diagnosis}`);
  lines.push(
    '',
    worstLine(report.checks),
    `Verdict: ${report.verdict.toUpperCase()}: ${s.failed} of ${s.checks} checks failed, ${s.skipped} skipped, ${s.cases} cases; ` +
      `clauses ${byStatus('pass')} pass, ${byStatus('fail')} fail, ${byStatus('skip')} skipped, ${byStatus('unchecked')} unchecked; ` +
      `${runIdentity(report)}; ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}

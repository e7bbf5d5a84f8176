// JUnit XML for CI systems: one testsuite per check family, one testcase per check.
import type { CheckOutcome } from '../checks/types.js';
import type { Report } from './types.js';

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .split('')
    .filter((ch) => ch.charCodeAt(0) >= 32 || ch === '\n' || ch === '\t' || ch === '\r')
    .join('');
}

function testcase(c: CheckOutcome): string {
  const head = `    <testcase classname="${esc(c.clauses[0])}" name="${esc(`${c.id}: ${c.title}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  if (c.status === 'pass') return `${head}/>`;
  if (c.status === 'skip')
    return `${head}>\n      <skipped message="${esc(c.skipReason ?? '')}"/>\n    </testcase>`;
  const f = c.failure;
  const body = [
    f?.message,
    f?.counterexample !== undefined ? `minimal case: ${JSON.stringify(f.counterexample)}` : '',
    f?.diagnosis ? `diagnosis: ${f.diagnosis}` : '',
    f?.replay ? `replay: --replay ${f.replay}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  return `${head}>\n      <failure message="${esc(f?.message ?? 'failed')}" type="${esc(c.clauses.join(' '))}">${esc(body)}</failure>\n    </testcase>`;
}

export function renderJunit(report: Report): string {
  const families = [...new Set(report.checks.map((c) => c.family))];
  const suites = families.map((family) => {
    const checks = report.checks.filter((c) => c.family === family);
    const count = (s: string) => checks.filter((c) => c.status === s).length;
    const time = checks.reduce((t, c) => t + c.durationMs, 0) / 1000;
    return [
      `  <testsuite name="gru-conformance.${family}" tests="${checks.length}" failures="${count('fail')}" errors="0" skipped="${count('skip')}" time="${time.toFixed(3)}">`,
      ...checks.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  const s = report.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(`gru-conformance: ${report.implementation.name}`)}" tests="${s.checks}" failures="${s.failed}" errors="0" skipped="${s.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

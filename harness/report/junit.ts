// JUnit XML for CI systems: one testsuite per check family, one testcase per check.
import type { CheckOutcome } from '../checks/types.js';
import type { Report } from './types.js';

/**
 * Characters XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE and U+FFFF) become U+FFFD, so a
 * hostile name never makes a file that strict XML parsers reject.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function esc(s: string): string {
  return s
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * One test case per check, grouped by its family (the classname), never by one of its clauses: a check cites
 * several, and a failure is filed under the clauses it evidences (the failure's `type`).
 */
function testcase(c: CheckOutcome): string {
  const head = `    <testcase classname="gru-conformance.${c.family}" name="${esc(`${c.id}: ${c.title}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  const out = c.warnings?.length
    ? `\n      <system-out>${esc(c.warnings.map((w) => `warning: ${w}`).join('\n'))}</system-out>`
    : '';
  if (c.status === 'pass') return out ? `${head}>${out}\n    </testcase>` : `${head}/>`;
  if (c.status === 'skip')
    return `${head}>\n      <skipped message="${esc(c.skipReason ?? '')}"/>\n    </testcase>`;
  if (c.status === 'error') {
    const m = c.failure?.message ?? 'harness error';
    return `${head}>\n      <error message="${esc(m.split('\n')[0])}" type="harness">${esc(m)}</error>\n    </testcase>`;
  }
  const f = c.failure;
  const body = [
    f?.message,
    f?.kind ? `kind: ${f.kind}` : '',
    f?.blame ? `clauses it evidences: ${f.blame.join(', ')} (of ${c.clauses.length} the golden cites)` : '',
    f?.localisation ? `where: ${f.localisation.summary}` : '',
    f?.counterexample !== undefined ? `minimal case: ${JSON.stringify(f.counterexample)}` : '',
    f?.diagnosis ? `diagnosis: ${f.diagnosis}` : '',
    f?.replay ? `replay: --replay ${f.replay}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const blamed = f?.blame ?? c.clauses;
  return `${head}>\n      <failure message="${esc(f?.message ?? 'failed')}" type="${esc(blamed.join(' '))}">${esc(body)}</failure>${out}\n    </testcase>`;
}

export function renderJunit(report: Report): string {
  const families = [...new Set(report.checks.map((c) => c.family))];
  const suites = families.map((family) => {
    const checks = report.checks.filter((c) => c.family === family);
    const count = (s: string) => checks.filter((c) => c.status === s).length;
    const time = checks.reduce((t, c) => t + c.durationMs, 0) / 1000;
    return [
      `  <testsuite name="gru-conformance.${family}" tests="${checks.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" time="${time.toFixed(3)}">`,
      ...checks.map(testcase),
      '  </testsuite>',
    ].join('\n');
  });
  // The run itself is a test case too, so a CI page that reads only JUnit shows an incomplete run as an error.
  const complete = report.incomplete.length === 0;
  const runCase = complete
    ? '    <testcase classname="gru-conformance.run" name="the run is complete" time="0.000"/>'
    : `    <testcase classname="gru-conformance.run" name="the run is complete" time="0.000">\n      <error message="${esc(`incomplete: ${report.incomplete[0]}`)}" type="incomplete">${esc(report.incomplete.join('\n'))}</error>\n    </testcase>`;
  suites.push(
    [
      `  <testsuite name="gru-conformance.run" tests="1" failures="0" errors="${complete ? 0 : 1}" skipped="0" time="0.000">`,
      runCase,
      '  </testsuite>',
    ].join('\n'),
  );
  const s = report.summary;
  const errors = s.errors + (complete ? 0 : 1);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(`gru-conformance: ${report.implementation.name}: ${report.verdict}`)}" tests="${s.checks + 1}" failures="${s.failed}" errors="${errors}" skipped="${s.skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

// The JSON report (schema: spec/report.schema.json). Non-finite numbers become strings, as in the protocol.
import type { Report } from './types.js';

/** A histogram, and each row of a ratio grid, on one line: numbers one per line would multiply the lines. */
function compactNumberArrays(json: string): string {
  const oneLine = (inner: string) => inner.replace(/\s+/g, ' ').trim();
  return json
    .replace(/"histogram": \[([^[\]]*)\]/g, (_m, inner: string) => `"histogram": [${oneLine(inner)}]`)
    .replace(/"cells": \[((?:\s*\[[^[\]]*\],?)*)\s*\]/g, (_m, rows: string, offset: number, all: string) => {
      const indent = all.slice(all.lastIndexOf('\n', offset) + 1, offset);
      const lines = [...rows.matchAll(/\[([^[\]]*)\]/g)].map((r) => `${indent}  [${oneLine(r[1])}]`);
      return lines.length === 0 ? '"cells": []' : `"cells": [\n${lines.join(',\n')}\n${indent}]`;
    });
}

/** The report without the failures' evidence (the requests and answers --dump writes apart). */
function withoutEvidence(report: Report): Report {
  const checks = report.checks.map((c) => {
    if (c.failure?.evidence === undefined) return c;
    const { evidence: _dumped, ...failure } = c.failure;
    return { ...c, failure } as typeof c;
  });
  return { ...report, checks };
}

export function renderJson(report: Report): string {
  return `${compactNumberArrays(
    JSON.stringify(
      withoutEvidence(report),
      (_key, value) => {
        if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
        if (value instanceof Float64Array)
          return Array.from(value, (v) => (Number.isFinite(v) ? v : String(v)));
        return value;
      },
      2,
    ),
  )}\n`;
}

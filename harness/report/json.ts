// The JSON report (schema: spec/report.schema.json). Non-finite numbers become strings, as in the protocol.
import type { Report } from './types.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(
    report,
    (_key, value) => {
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
      if (value instanceof Float64Array)
        return Array.from(value, (v) => (Number.isFinite(v) ? v : String(v)));
      return value;
    },
    2,
  )}\n`;
}

// The HTML report: one self-contained page (styles and pictures inline, no script, nothing fetched when opened)
// with the verdict, the clause table, how close every compared value came to its allowance, and each failure
// with its heat map, minimal case and replay command. Plots: Vega-Lite, drawn to static SVG by ./svg.ts.
import type { CheckOutcome } from '../checks/types.js';
import { addHistogram } from '../judging/ratio-histogram.js';
import { distributionSpec, type HistogramRow, heatmapSpec } from './html-plots.js';
import { renderSvg } from './svg.js';
import type { Report } from './types.js';

/** Failures drawn as heat maps (the rest are listed with their messages, in the JSON report with grids too). */
export const MAX_HEATMAPS = 24;

export const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const PAGE_STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f6f6}.pass{color:#186a1e}.fail{color:#b30000;font-weight:600}.skip,.unchecked{color:#888}.error{color:#a05a00;font-weight:600}
.verdict{display:inline-block;padding:4px 12px;border-radius:4px;color:#fff;font-weight:700}
.v-conformant{background:#2e7d32}.v-not-conformant{background:#c62828}.v-incomplete{background:#ef6c00}
code,pre{font:12px/1.4 ui-monospace,monospace;background:#f5f5f5}pre{padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.failure{border:1px solid #e6c0c0;border-radius:4px;padding:8px 12px;margin:12px 0}.plot svg{max-width:100%;height:auto}
.muted{color:#666}`;

/** A complete page around a body. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${PAGE_STYLE}</style></head>
<body>
${body}
</body></html>
`;
}

const fmt = (x: number) =>
  typeof x !== 'number' ? String(x) : Number.isFinite(x) ? (x === 0 ? '0' : x.toPrecision(3)) : String(x);

/** The worst ratio of its allowance per dtype among checks citing a clause, as text. */
function worstOf(checks: CheckOutcome[]): string {
  const best = new Map<string, number>();
  for (const w of checks.flatMap((c) => c.worst)) {
    const r = Number(w.ratio);
    if (!best.has(w.dtype) || !(r <= best.get(w.dtype)!)) best.set(w.dtype, r);
  }
  return [...best.entries()]
    .sort()
    .map(([d, r]) => `${d} ${fmt(r)}`)
    .join('<br>');
}

/** Per clause and dtype, the histograms of the checks citing it added up. */
export function clauseHistograms(report: Report): HistogramRow[] {
  const rows: HistogramRow[] = [];
  for (const c of report.clauses) {
    const byDtype = new Map<string, number[] | undefined>();
    for (const o of report.checks.filter((x) => x.clauses.includes(c.id)))
      for (const w of o.worst) byDtype.set(w.dtype, addHistogram(byDtype.get(w.dtype), w.histogram));
    for (const [dtype, histogram] of [...byDtype.entries()].sort())
      if (histogram?.some((n) => n > 0)) rows.push({ clause: c.id, dtype, histogram });
  }
  return rows;
}

function header(report: Report): string {
  const s = report.summary;
  const o = report.options;
  const impl = `${report.implementation.name}${report.implementation.version ? ` ${report.implementation.version}` : ''}`;
  const shard = o.shard
    ? `; shard ${o.shard.index} of ${o.shard.count} (${o.shard.total} checks in all)`
    : '';
  return `<h1>gru-conformance: ${esc(impl)}</h1>
<p><span class="verdict v-${esc(report.verdict)}" id="verdict">${esc(report.verdict.toUpperCase())}</span>
 ${s.failed} of ${s.checks} checks failed, ${s.skipped} skipped, ${s.errors} harness errors, ${s.cases} cases</p>
<p class="muted">suite ${esc(report.suite.version)} (goldens from torch ${esc(report.suite.goldenTorch)}); seed ${o.seed}${o.seedSource === 'random' ? ' (random)' : ''}; ${o.runs} runs per property; dtypes ${esc(o.dtypes.join(', '))}${o.only ? `; only ${esc(o.only)}` : ''}${o.skip ? `; skip ${esc(o.skip)}` : ''}${o.replay ? `; replay ${esc(o.replay)}` : ''}${esc(shard)}; ${(report.durationMs / 1000).toFixed(1)} s</p>
${report.incomplete.length ? `<h2>Why the run is incomplete</h2><ul>${report.incomplete.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}
${report.diagnosis ? `<p><b>Diagnosis:</b> ${esc(report.diagnosis)}</p>` : ''}`;
}

function clauseTable(report: Report): string {
  const rows = report.clauses.map((c) => {
    const mine = report.checks.filter((o) => o.clauses.includes(c.id));
    const goldens = c.goldensPassed + c.goldensFailed;
    return `<tr><td><code>${esc(c.id)}</code></td><td>${esc(c.title)}</td><td class="${esc(c.status)}">${esc(c.status)}</td>
<td>${c.passed}</td><td>${c.failed}</td><td>${c.skipped}</td><td>${goldens ? `${c.goldensPassed}/${goldens}` : ''}</td><td>${worstOf(mine)}</td></tr>`;
  });
  return `<h2>Clauses</h2>
<table id="clauses"><thead><tr><th>clause</th><th>title</th><th>status</th><th>checks passed</th><th>failed</th><th>skipped</th><th>goldens passed</th><th>worst |diff| / allowance</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function compact(value: unknown): string {
  const s = JSON.stringify(value, (_k, v) => (v instanceof Float64Array ? Array.from(v) : v));
  return s === undefined ? String(value) : s.length > 4000 ? `${s.slice(0, 4000)}...` : s;
}

function failureBlock(o: CheckOutcome, command: string, svg: string | undefined): string {
  const f = o.failure;
  const parts = [
    `<h3><span class="${esc(o.status)}">${esc(o.status)}</span> <code>${esc(o.id)}</code> <span class="muted">${esc(o.clauses.join(', '))}</span></h3>`,
    `<p>${esc(o.title)}</p>`,
    f ? `<pre>${esc(f.message)}</pre>` : '',
    f?.blame ? `<p>evidences: ${esc(f.blame.join(', '))}</p>` : '',
    f?.localisation ? `<p><b>Where:</b> ${esc(f.localisation.summary)}</p>` : '',
    f?.diagnosis ? `<p><b>Diagnosis:</b> ${esc(f.diagnosis)}</p>` : '',
    f?.counterexample !== undefined
      ? `<p><b>Minimal case:</b></p><pre>${esc(compact(f.counterexample))}</pre>`
      : '',
    f?.replay ? `<p><b>Replay:</b> <code>${esc(`${command} --replay ${f.replay}`)}</code></p>` : '',
    svg ? `<div class="plot heatmap">${svg}</div>` : '',
  ];
  return `<div class="failure" id="failure-${esc(o.id)}">${parts.join('\n')}</div>`;
}

function checksTable(report: Report): string {
  const rows = report.checks.map(
    (o) =>
      `<tr><td><code>${esc(o.id)}</code></td><td>${esc(o.family)}</td><td class="${esc(o.status)}">${esc(o.status)}</td><td>${o.cases}</td><td>${worstOf([o])}</td><td>${esc(o.skipReason ?? '')}</td></tr>`,
  );
  return `<h2>Checks</h2><details><summary>${report.checks.length} checks</summary>
<table id="checks"><thead><tr><th>check</th><th>family</th><th>status</th><th>cases</th><th>worst |diff| / allowance</th><th>note</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></details>`;
}

/** The page from its parts; `plots` holds the SVGs drawn (none for a report written while the process ends). */
export function renderHtmlPage(
  report: Report,
  command: string,
  plots: { distribution?: string; heatmaps?: Map<string, string> } = {},
): string {
  const failures = report.checks.filter((o) => o.status === 'fail' || o.status === 'error');
  const drawn = failures.filter((o) => plots.heatmaps?.has(o.id)).length;
  const withGrids = failures.filter((o) => o.failure?.grids).length;
  const body = [
    header(report),
    clauseTable(report),
    `<h2>How close to its allowance every compared value came</h2>
<p class="muted">Per clause (the checks citing it) and dtype: how many compared values had each |actual - expected| / allowance, on a log scale; right of the red line (ratio 1) fails.</p>
${plots.distribution ? `<div class="plot" id="distribution">${plots.distribution}</div>` : '<p class="muted">No values were compared, or no plots were drawn.</p>'}`,
    `<h2>Failures (${failures.length})</h2>${
      withGrids > drawn
        ? `<p class="muted">Heat maps of |diff| / allowance for the first ${drawn} failures with a known layout (the JSON report holds all ${withGrids}).</p>`
        : ''
    }`,
    ...failures.map((o) => failureBlock(o, command, plots.heatmaps?.get(o.id))),
    checksTable(report),
  ];
  return page(`gru-conformance: ${report.implementation.name}: ${report.verdict}`, body.join('\n'));
}

/** The page with its plots drawn. */
export async function renderHtml(report: Report, command: string): Promise<string> {
  const rows = clauseHistograms(report);
  const distribution = rows.length > 0 ? await renderSvg(distributionSpec(rows)) : undefined;
  const heatmaps = new Map<string, string>();
  for (const o of report.checks) {
    if (heatmaps.size >= MAX_HEATMAPS) break;
    const grids = o.failure?.grids;
    if (grids) heatmaps.set(o.id, await renderSvg(heatmapSpec(grids)));
  }
  return renderHtmlPage(report, command, { distribution, heatmaps });
}

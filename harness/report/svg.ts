// Vega-Lite specs to static SVG, in Node: compiled to Vega and drawn by Vega's own SVG string renderer (no DOM,
// no canvas, no browser), so the HTML report inlines finished pictures and needs nothing when opened.
// Vega and Vega-Lite are imported on the first drawing, not when the CLI starts: loading them costs about 0.2 s,
// which every run without --report-html (and every test that spawns the CLI) would otherwise pay.
import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

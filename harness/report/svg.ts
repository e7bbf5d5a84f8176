// Vega-Lite specs to static SVG, in Node: compiled to Vega and drawn by Vega's own SVG string renderer (no DOM,
// no canvas, no browser), so the HTML report inlines finished pictures and needs nothing when opened.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

// The README's coverage table: for each size dimension, the values the goldens record and the values the
// properties reach (test/cli/readme.test.ts keeps the README in step with this).

import { goldenRequest, loadGolden, loadManifest } from '../cases/goldens.js';
import { DEFAULT_BOUNDS } from '../cases/gru-case.js';
import { type CallLayout, callLayout, ranges } from '../judging/localise.js';
import { LARGE_SIZES, SIZE_BOUNDARIES } from './size-boundaries.js';

type Dimension = 'input_size' | 'hidden_size' | 'batch' | 'steps' | 'num_layers';

const DIMENSIONS: [Dimension, string][] = [
  ['input_size', 'input_size'],
  ['hidden_size', 'hidden_size'],
  ['batch', 'batch'],
  ['steps', 'sequence length'],
  ['num_layers', 'num_layers'],
];

/** "1..9, 13, 15..17": sorted values as ranges, with a count. */
function listed(values: Iterable<number>): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  return `${ranges(sorted)} (${sorted.length})`;
}

/** The sizes of every forward golden. */
function goldenSizes(): Record<Dimension, number[]> {
  const out: Record<Dimension, number[]> = {
    input_size: [],
    hidden_size: [],
    batch: [],
    steps: [],
    num_layers: [],
  };
  for (const entry of loadManifest().cases.filter((e) => e.kind === 'forward')) {
    const g = loadGolden(entry);
    const l = callLayout(goldenRequest(g)) as CallLayout;
    out.input_size.push(Number(g.kwargs.input_size));
    out.hidden_size.push(l.hidden);
    out.batch.push(l.batch);
    out.steps.push(l.steps);
    out.num_layers.push(l.layers);
  }
  return out;
}

/** The properties' ranges: the numeric properties' bounds (long sequences drawn rarely) and the size family. */
function propertySizes(dim: Dimension): string {
  const b = DEFAULT_BOUNDS;
  const drawn = {
    input_size: `1..${b.maxInputSize}`,
    hidden_size: `1..${b.maxHiddenSize}`,
    batch: `0..${b.maxBatch}`,
    steps: `1..${b.maxSteps}, up to ${b.longSteps} in the long checks`,
    num_layers: `1..${b.maxLayers}`,
  }[dim];
  const large = dim === 'num_layers' ? '' : `, and one at a time ${listed(LARGE_SIZES[dim])}`;
  return `${drawn}; size family: ${listed(SIZE_BOUNDARIES[dim])}${large}`;
}

export function renderCoverageTable(): string {
  const goldens = goldenSizes();
  const rows = DIMENSIONS.map(
    ([dim, name]) => `| ${name} | ${listed(goldens[dim])} | ${propertySizes(dim)} |`,
  );
  return [
    '| dimension | goldens (values recorded) | properties (values drawn) |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

// Where a wrong result starts: which direction, h_n rows (layer, direction), time steps, batch rows and hidden
// units differ. Real kernels go wrong in one of these at a time (a vector tail, a batch-size path, the reverse
// direction, a later layer), so the report says which before it explains anything.
import { type DType, numDirections, resolveKwargs } from '../../oracle/index.js';
import type { GruRequest } from '../contract/request.js';

/** The layout of a valid call's results. */
export interface CallLayout {
  dtype: DType;
  batched: boolean;
  batchFirst: boolean;
  steps: number;
  batch: number;
  directions: number;
  layers: number;
  hidden: number;
}

export function callLayout(request: GruRequest): CallLayout | null {
  // Packed data has no time axis of its own (its rows mix steps and sequences): no layout to localise by.
  if (request.packed !== undefined) return null;
  try {
    const { options } = resolveKwargs(request.kwargs);
    const shape = request.input.shape;
    const batched = shape.length === 3;
    const batchFirst = batched && options.batch_first;
    return {
      dtype: request.dtype,
      batched,
      batchFirst,
      steps: batched ? shape[batchFirst ? 1 : 0] : shape[0],
      batch: batched ? shape[batchFirst ? 0 : 1] : 1,
      directions: numDirections(options),
      layers: options.num_layers,
      hidden: options.hidden_size,
    };
  } catch {
    return null;
  }
}

/** Where the mismatching elements are, in the caller's terms. */
export interface Localisation {
  /** One sentence for reports. */
  summary: string;
  /** Per output direction: the time step (in its processing order) from which it differs, or null. */
  directions: { direction: 'forward' | 'reverse'; firstStep: number | null; steps: number[] }[];
  /** h_n rows that differ, as (layer, direction). */
  hNRows: { layer: number; direction: 'forward' | 'reverse' }[];
  batchRows: number[];
  hiddenUnits: number[];
  /**
   * The hidden units that differ at the first differing step (of the forward direction if it differs, else the
   * reverse one): a fault in some units spreads to all of them through W_hh h from the next step on.
   */
  hiddenUnitsAtStart: number[];
}

const DIRECTION = ['forward', 'reverse'] as const;

/** Sorted numbers as ranges: "0..3, 7, 9..10". */
export function ranges(values: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j] + 1) j++;
    parts.push(j === i ? `${values[i]}` : `${values[i]}..${values[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/** "only hidden units 8..10 of 11 differ (a tail of 3 past a multiple of 8)", or null when all differ. */
export function describeUnits(units: number[], size: number, noun: string): string | null {
  if (units.length === 0 || units.length === size) return null;
  let tail = '';
  const first = units[0];
  const isSuffix = units.length === size - first && units.every((u, i) => u === first + i);
  if (isSuffix && first > 0) {
    // The widest power of two that the differing tail starts at: a vector or tile width.
    for (let w = 256; w >= 2; w /= 2) {
      if (first % w === 0 && size - first < w) {
        tail = ` (a tail of ${size - first} past a multiple of ${w})`;
        break;
      }
    }
  }
  const onward = isSuffix && tail === '' ? `${noun} >= ${first}` : `${noun} ${ranges(units)}`;
  return `only ${onward} of ${size} differ${tail}`;
}

/**
 * The localisation of mismatches, from per-element masks over output and h_n (1 = the element is off). Returns
 * null when nothing mismatches or the layout is unknown.
 */
export function localise(layout: CallLayout, outputOff: Uint8Array, hNOff: Uint8Array): Localisation | null {
  const { steps: L, batch: N, directions: D, hidden: H, layers } = layout;
  const width = D * H;
  const stepsOff = Array.from({ length: D }, () => new Set<number>());
  const batchOff = new Set<number>();
  const unitsOff = new Set<number>();
  for (let i = 0; i < outputOff.length; i++) {
    if (!outputOff[i]) continue;
    const col = i % width;
    const row = Math.floor(i / width);
    // time-major [L, N, W], batch-first [N, L, W], unbatched [L, W]
    const [t, n] = !layout.batched
      ? [row, 0]
      : layout.batchFirst
        ? [row % L, Math.floor(row / L)]
        : [Math.floor(row / N), row % N];
    stepsOff[Math.floor(col / H)].add(t);
    batchOff.add(n);
    unitsOff.add(col % H);
  }
  const rowsOff = new Set<number>();
  for (let i = 0; i < hNOff.length; i++) {
    if (!hNOff[i]) continue;
    const row = layout.batched ? Math.floor(i / (N * H)) : Math.floor(i / H);
    rowsOff.add(row);
    if (layout.batched) batchOff.add(Math.floor(i / H) % N);
    unitsOff.add(i % H);
  }
  if (stepsOff.every((s) => s.size === 0) && rowsOff.size === 0) return null;
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  const directions = stepsOff.map((set, d) => {
    const steps = sorted(set);
    // the reverse direction processes t = L-1 first
    const firstStep = steps.length === 0 ? null : d === 0 ? steps[0] : steps[steps.length - 1];
    return { direction: DIRECTION[d], firstStep, steps };
  });
  const hNRows = sorted(rowsOff).map((r) => ({ layer: Math.floor(r / D), direction: DIRECTION[r % D] }));
  const starter = directions.findIndex((d) => d.firstStep !== null);
  const startUnits = new Set<number>();
  if (starter >= 0) {
    const t0 = directions[starter].firstStep!;
    for (let i = 0; i < outputOff.length; i++) {
      if (!outputOff[i]) continue;
      const col = i % width;
      const row = Math.floor(i / width);
      const t = !layout.batched ? row : layout.batchFirst ? row % L : Math.floor(row / N);
      if (t === t0 && Math.floor(col / H) === starter) startUnits.add(col % H);
    }
  }
  const parts: string[] = [];
  for (const d of directions) {
    const name = D === 1 ? 'the output' : `the ${d.direction} direction`;
    if (d.firstStep === null) {
      if (D === 2) parts.push(`${name} matches`);
      continue;
    }
    const start = d.direction === 'forward' ? 0 : L - 1;
    const end = d.direction === 'forward' ? L - 1 : 0;
    const every = d.steps.length === Math.abs(d.firstStep - end) + 1;
    const at = d.firstStep === start ? `its first step (t = ${start})` : `t = ${d.firstStep}`;
    const words = !every
      ? `differs at ${d.steps.length} of ${L} steps, first at ${at}`
      : d.firstStep === start
        ? `differs from ${at}`
        : `differs from ${at} on`;
    parts.push(`${name} ${words}`);
  }
  const layerWords: string[] = [];
  for (let layer = 0; layer < layers; layer++) {
    const off = hNRows.filter((r) => r.layer === layer);
    const which = off.length === D || D === 1 ? '' : ` (${off.map((r) => r.direction).join(', ')} direction)`;
    layerWords.push(`layer ${layer} ${off.length === 0 ? 'matches' : `differs${which}`}`);
  }
  parts.push(`h_n: ${layerWords.join(', ')}`);
  const batchRows = sorted(batchOff);
  const hiddenUnits = sorted(unitsOff);
  const batchWords = layout.batched ? describeUnits(batchRows, N, 'batch rows') : null;
  if (batchWords) parts.push(batchWords);
  const hiddenUnitsAtStart = sorted(startUnits);
  const unitWords = describeUnits(hiddenUnits, H, 'hidden units');
  const startWords = describeUnits(hiddenUnitsAtStart, H, 'hidden units');
  if (unitWords) parts.push(unitWords);
  else if (startWords) parts.push(`where it starts (t = ${directions[starter].firstStep}), ${startWords}`);
  parts.push(layout.dtype);
  return { summary: parts.join('; '), directions, hNRows, batchRows, hiddenUnits, hiddenUnitsAtStart };
}

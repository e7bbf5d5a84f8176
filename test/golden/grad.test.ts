// Gradients recorded from torch autograd (golden/grad/, by golden/grad.py) replayed through the oracle's backward.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTensor } from '../../harness/cases/goldens.js';
import {
  baseAllowance,
  conditioningScale,
  factorFor,
  toleranceFor,
} from '../../harness/judging/tolerance.js';
import { GOLDEN_DIR } from '../../harness/paths.js';
import { type GruParameters, GruSpecError, gruBackward, type Tensor } from '../../oracle/index.js';

const DIR = join(GOLDEN_DIR, 'grad');
interface Entry {
  id: string;
  file: string;
  sha256: string;
  kind: 'grad' | 'grad-error';
  dtype: 'float32' | 'float64';
  clauses: string[];
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  torch: string;
  cases: Entry[];
};

type Wire = Parameters<typeof decodeTensor>[0];
const decodeAll = (o: Record<string, Wire>): GruParameters =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeTensor(v)]));

function load(entry: Entry) {
  const bytes = readFileSync(join(DIR, entry.file));
  expect(createHash('sha256').update(bytes).digest('hex'), `${entry.file} matches the manifest`).toBe(
    entry.sha256,
  );
  const raw = JSON.parse(bytes.toString('utf8'));
  const orNull = (w: Wire | null) => (w == null ? null : decodeTensor(w));
  return {
    id: raw.id as string,
    dtype: raw.dtype as 'float32' | 'float64',
    kwargs: raw.kwargs as Record<string, unknown>,
    training: raw.mode === 'train',
    parameters: decodeAll(raw.parameters),
    input: decodeTensor(raw.input),
    hx: orNull(raw.hx),
    masks: raw.dropout_masks == null ? undefined : (raw.dropout_masks as Wire[]).map(decodeTensor),
    upstream: { output: orNull(raw.upstream.output), h_n: orNull(raw.upstream.h_n) },
    expected: raw.expected as {
      input?: Wire;
      hx?: Wire | null;
      parameters?: Record<string, Wire>;
      error?: { type: string; message: string };
    },
  };
}

const cases = manifest.cases.filter((e) => e.kind === 'grad');
const errors = manifest.cases.filter((e) => e.kind === 'grad-error');
/** Max |oracle - torch| per dtype, and for float32 the largest |error| / (K u (m + |torch|)) of the forward model. */
const measured = { float64: 0, float32: 0, float32Ratio: 0, elements: 0 };

function compare(what: string, actual: Tensor, expected: Tensor, g: ReturnType<typeof load>, m: number) {
  expect(actual.shape, `${g.id} ${what} shape`).toEqual(expected.shape);
  expect(actual.dtype, `${g.id} ${what} dtype`).toBe(expected.dtype);
  const tol = toleranceFor(g.dtype, m, factorFor(g.dtype, 'golden'));
  let worst = 0;
  for (let i = 0; i < actual.data.length; i++) {
    const err = Math.abs(actual.data[i] - expected.data[i]);
    worst = Math.max(worst, Number.isNaN(err) ? Number.POSITIVE_INFINITY : err);
    if (g.dtype === 'float32')
      measured.float32Ratio = Math.max(measured.float32Ratio, err / baseAllowance(tol, expected.data[i]));
  }
  measured[g.dtype] = Math.max(measured[g.dtype], worst);
  measured.elements += actual.data.length;
  // gru.grad.vjp: float64 gradients agree with torch autograd to 1e-12 (the target)
  if (g.dtype === 'float64')
    expect(worst, `${g.id}: ${what} max |oracle - torch|`).toBeLessThanOrEqual(1e-12);
}

describe(`oracle backward vs ${cases.length} gradient goldens (torch ${manifest.torch})`, () => {
  it.each(cases.map((e) => [e.clauses[0], e.id, e] as const))('%s: golden %s', (_clause, _id, entry) => {
    const g = load(entry);
    const mode = g.training ? { training: true, dropoutMasks: g.masks } : {};
    const result = gruBackward(g.kwargs, g.parameters, g.input, g.hx, g.upstream, mode);
    const m = conditioningScale(g.kwargs, g.parameters, g.input, g.hx);
    compare('input', result.input, decodeTensor(g.expected.input!), g, m);
    if (g.expected.hx == null) expect(result.hx, `${g.id}: no hx, no hx gradient`).toBeNull();
    else compare('hx', result.hx!, decodeTensor(g.expected.hx), g, m);
    const expected = decodeAll(g.expected.parameters!);
    expect(Object.keys(result.parameters)).toEqual(Object.keys(expected));
    for (const name of Object.keys(expected)) compare(name, result.parameters[name], expected[name], g, m);
  });

  // also: gru.grad.dropout gru.grad.hx-omitted gru.grad.layers gru.num.saturation
  it('gru.grad.vjp: the goldens cover every option, each upstream alone, long sequences, saturation and training', () => {
    const has = (clause: string) => cases.some((e) => e.clauses.includes(clause));
    for (const clause of ['gru.grad.dropout', 'gru.grad.hx-omitted', 'gru.grad.layers', 'gru.num.saturation'])
      expect(has(clause), clause).toBe(true);
    expect(cases.filter((e) => e.dtype === 'float64').length).toBeGreaterThan(80);
    expect(cases.filter((e) => e.dtype === 'float32').length).toBeGreaterThan(80);
    expect(cases.some((e) => e.id.includes('up-output')) && cases.some((e) => e.id.includes('up-hn'))).toBe(
      true,
    );
    expect(cases.some((e) => e.id.startsWith('grad-long-'))).toBe(true);
  });
});

describe(`oracle backward vs ${errors.length} gradient error goldens`, () => {
  it.each(errors.map((e) => [e.clauses[0], e.id, e] as const))(
    '%s: golden %s is refused with its clause, as torch refused it',
    (clause, _id, entry) => {
      const g = load(entry);
      expect(g.expected.error?.type).toBe('RuntimeError');
      let got = 'accepted';
      try {
        gruBackward(g.kwargs, g.parameters, g.input, g.hx, g.upstream);
      } catch (e) {
        if (!(e instanceof GruSpecError)) throw e;
        got = e.clause;
      }
      expect(got).toBe(clause);
    },
  );
});

afterAll(() => {
  console.log(
    `oracle backward vs torch autograd over ${measured.elements} gradient elements: float64 max |err| ` +
      `${measured.float64.toExponential(2)}; float32 max |err| ${measured.float32.toExponential(2)}, at most ` +
      `${measured.float32Ratio.toFixed(3)} of the forward tolerance model's allowance K u (m + |g|) (K = ` +
      `${factorFor('float32', 'golden')}; a report figure, not a gradient tolerance)`,
  );
});

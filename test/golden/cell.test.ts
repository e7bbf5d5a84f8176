// nn.GRUCell goldens (golden/cell/, recorded from torch by golden/cell.py) replayed through the oracle's cell,
// which is one time step of the oracle's GRU layer: PyTorch's recorded results are the expectation.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeTensor } from '../../harness/cases/goldens.js';
import { compareTensors } from '../../harness/judging/compare.js';
import { conditioningScale, toleranceFor } from '../../harness/judging/tolerance.js';
import { GOLDEN_DIR } from '../../harness/paths.js';
import {
  type GruParameters,
  GruSpecError,
  gruCellForward,
  gruForward,
  type Tensor,
} from '../../oracle/index.js';

const CELL_DIR = join(GOLDEN_DIR, 'cell');
interface Entry {
  id: string;
  file: string;
  sha256: string;
  kind: 'cell' | 'cell-error';
  clauses: string[];
}
const manifest = JSON.parse(readFileSync(join(CELL_DIR, 'manifest.json'), 'utf8')) as {
  torch: string;
  cases: Entry[];
};

interface CellGolden {
  id: string;
  dtype: 'float32' | 'float64';
  kwargs: Record<string, unknown>;
  parameters: GruParameters;
  input: Tensor | null;
  hx: Tensor | null;
  expected: { h?: Tensor; error?: { type: string; message: string } };
}

function load(entry: Entry): CellGolden {
  const bytes = readFileSync(join(CELL_DIR, entry.file));
  expect(createHash('sha256').update(bytes).digest('hex'), `${entry.file} matches the manifest`).toBe(
    entry.sha256,
  );
  const raw = JSON.parse(bytes.toString('utf8'));
  const t = (v: unknown) => (v == null ? null : decodeTensor(v as Parameters<typeof decodeTensor>[0]));
  return {
    ...raw,
    parameters: Object.fromEntries(Object.entries(raw.parameters).map(([k, v]) => [k, t(v)!])),
    input: t(raw.input),
    hx: t(raw.hx),
    expected: { ...raw.expected, ...(raw.expected.h ? { h: t(raw.expected.h) } : {}) },
  };
}

/** The cell's state_dict under a one-layer nn.GRU's names (the step is that layer's step, gru.cell.step). */
const asLayer = (p: GruParameters): GruParameters =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [`${k}_l0`, v]));

const forward = manifest.cases.filter((e) => e.kind === 'cell');
const errors = manifest.cases.filter((e) => e.kind === 'cell-error');
const measured = { float64: 0, float32: 0 };

describe(`oracle GRUCell vs ${forward.length} nn.GRUCell goldens (torch ${manifest.torch})`, () => {
  it.each(forward.map((e) => [e.clauses[0], e.id, e] as const))('%s: golden %s', (_clause, _id, entry) => {
    const g = load(entry);
    const h = gruCellForward(g.kwargs, g.parameters, g.input!, g.hx);
    const expected = g.expected.h!;
    expect([h.dtype, h.shape]).toEqual([expected.dtype, expected.shape]);
    // The tolerance model of the GRU applies unchanged: the cell is one step of a one-layer GRU.
    const layerKwargs = {
      input_size: g.kwargs.input_size,
      hidden_size: g.kwargs.hidden_size,
      bias: Boolean(g.kwargs.bias ?? true),
    };
    const tol = toleranceFor(g.dtype, conditioningScale(layerKwargs, asLayer(g.parameters), g.input!, g.hx));
    const c = compareTensors('h', h, expected, tol);
    expect(c.ok, `${g.id}: ${c.message}`).toBe(true);
    for (let i = 0; i < h.data.length; i++)
      measured[g.dtype] = Math.max(measured[g.dtype], Math.abs(h.data[i] - expected.data[i]));
  });

  it('gru.cell.step: every float64 cell golden agrees with PyTorch to 1e-13 or better', () => {
    expect(forward.some((e) => e.id.endsWith('-f64'))).toBe(true);
    expect(measured.float64).toBeLessThanOrEqual(1e-13);
  });

  it('gru.cell.step: a cell step equals the first time step of a one-layer nn.GRU with the same parameters', () => {
    for (const entry of forward.filter((e) => !e.id.includes('unbatched'))) {
      const g = load(entry);
      const bias = Boolean(g.kwargs.bias ?? true);
      const h = gruCellForward(g.kwargs, g.parameters, g.input!, g.hx);
      const [N, I] = g.input!.shape;
      const H = h.shape[1];
      const gru = gruForward(
        { input_size: I, hidden_size: H, bias },
        asLayer(g.parameters),
        { ...g.input!, shape: [1, N, I] },
        g.hx ? { ...g.hx, shape: [1, N, H] } : null,
      );
      expect(Array.from(gru.h_n.data), g.id).toEqual(Array.from(h.data));
    }
  });
});

describe(`oracle GRUCell vs ${errors.length} nn.GRUCell error goldens`, () => {
  it.each(errors.map((e) => [e.clauses[0], e.id, e] as const))(
    '%s: golden %s is rejected with its clause',
    (clause, _id, entry) => {
      const g = load(entry);
      let got = 'accepted';
      try {
        gruCellForward(
          g.kwargs,
          g.parameters,
          g.input ?? { dtype: g.dtype, shape: [0], data: new Float64Array() },
          g.hx,
        );
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
    `oracle GRUCell vs PyTorch: float64 max |err| ${measured.float64.toExponential(2)}, float32 max |err| ${measured.float32.toExponential(2)}`,
  );
});

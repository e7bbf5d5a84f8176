// nn.GRU on a PackedSequence: goldens recorded from torch (golden/packed/, by golden/packed.py) replayed through
// the oracle, which runs each sequence alone through its nn.GRU and moves rows between layouts.
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
  gruForward,
  gruPackedForward,
  type PackedSequence,
  packPadded,
  padPacked,
  type Tensor,
} from '../../oracle/index.js';

const DIR = join(GOLDEN_DIR, 'packed');
interface Entry {
  id: string;
  file: string;
  sha256: string;
  kind: 'packed' | 'packed-error';
  clauses: string[];
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  torch: string;
  cases: Entry[];
};

type Wire = Parameters<typeof decodeTensor>[0];
interface WirePacked {
  data: Wire;
  batch_sizes: number[];
  sorted_indices: number[] | null;
  unsorted_indices: number[] | null;
}
const packedOf = (w: WirePacked): PackedSequence => ({
  data: decodeTensor(w.data),
  batchSizes: w.batch_sizes,
  sortedIndices: w.sorted_indices,
  unsortedIndices: w.unsorted_indices,
});

function load(entry: Entry) {
  const bytes = readFileSync(join(DIR, entry.file));
  expect(createHash('sha256').update(bytes).digest('hex'), `${entry.file} matches the manifest`).toBe(
    entry.sha256,
  );
  const raw = JSON.parse(bytes.toString('utf8'));
  const parameters: GruParameters = Object.fromEntries(
    Object.entries(raw.parameters as Record<string, Wire>).map(([k, v]) => [k, decodeTensor(v)]),
  );
  return {
    id: raw.id as string,
    dtype: raw.dtype as 'float32' | 'float64',
    kwargs: raw.kwargs as Record<string, unknown>,
    lengths: raw.lengths as number[],
    parameters,
    input: decodeTensor(raw.input),
    hx: raw.hx ? decodeTensor(raw.hx) : null,
    packedInput: raw.packed_input ? packedOf(raw.packed_input) : null,
    expected: raw.expected as {
      packed_output?: WirePacked;
      h_n?: Wire;
      padded_output?: Wire;
      padded_output_total_length?: Wire;
      lengths?: number[];
      error?: { type: string; message: string };
    },
  };
}

const forward = manifest.cases.filter((e) => e.kind === 'packed');
const errors = manifest.cases.filter((e) => e.kind === 'packed-error');
const measured = { float64: 0, float32: 0 };

function same(what: string, actual: Tensor, expected: Tensor, g: ReturnType<typeof load>) {
  const tol = toleranceFor(g.dtype, conditioningScale(g.kwargs, g.parameters, g.input, g.hx));
  const c = compareTensors(what, actual, expected, tol);
  expect(c.ok, `${g.id}: ${c.message}`).toBe(true);
  for (let i = 0; i < actual.data.length; i++)
    measured[g.dtype] = Math.max(measured[g.dtype], Math.abs(actual.data[i] - expected.data[i]));
}

describe(`oracle vs ${forward.length} PackedSequence goldens (torch ${manifest.torch})`, () => {
  // also: gru.packed.pack gru.packed.h-n gru.packed.pad-output gru.packed.reverse-start gru.packed.hx-order
  it.each(forward.map((e) => [e.clauses[0], e.id, e] as const))('%s: golden %s', (_clause, _id, entry) => {
    const g = load(entry);
    const result = gruPackedForward(g.kwargs, g.parameters, g.packedInput!, g.hx);
    const expected = packedOf(g.expected.packed_output!);
    expect([result.output.batchSizes, result.output.sortedIndices, result.output.unsortedIndices]).toEqual([
      expected.batchSizes,
      expected.sortedIndices,
      expected.unsortedIndices,
    ]);
    same('packed output', result.output.data, expected.data, g);
    same('h_n', result.h_n, decodeTensor(g.expected.h_n!), g);
    const { padded, lengths } = padPacked(result.output, g.kwargs.batch_first === true);
    expect(lengths).toEqual(g.expected.lengths);
    same('padded output', padded, decodeTensor(g.expected.padded_output!), g);
  });

  it.each(forward.map((e) => [e.id, e] as const))(
    'gru.packed.pad-total-length: golden %s padded to its input length is what torch gives',
    (_id, entry) => {
      const g = load(entry);
      const batchFirst = g.kwargs.batch_first === true;
      const T = g.input.shape[batchFirst ? 1 : 0];
      const { output } = gruPackedForward(g.kwargs, g.parameters, g.packedInput!, g.hx);
      const total = decodeTensor(g.expected.padded_output_total_length!);
      expect(total.shape[batchFirst ? 1 : 0]).toBe(T);
      same('padded output (total_length)', padPacked(output, batchFirst, T).padded, total, g);
    },
  );

  it('gru.packed.pad-total-length: some goldens are padded past their longest sequence, one of them batch-first', () => {
    const longer = forward.map(load).filter((g) => {
      const T = g.input.shape[g.kwargs.batch_first === true ? 1 : 0];
      return T > Math.max(...g.lengths);
    });
    expect(longer.length).toBeGreaterThanOrEqual(2);
    expect(longer.some((g) => g.kwargs.batch_first === true && g.kwargs.bidirectional === true)).toBe(true);
  });

  it('gru.packed.output: every float64 packed golden agrees with PyTorch to 1e-13 or better', () => {
    expect(measured.float64).toBeLessThanOrEqual(1e-13);
  });

  it('gru.packed.all-full: when every length is the padded length, torch packed equals the oracle unpacked', () => {
    for (const entry of forward.filter((e) => e.clauses.includes('gru.packed.all-full'))) {
      const g = load(entry);
      const plain = gruForward(g.kwargs, g.parameters, g.input, g.hx);
      same('output', plain.output, decodeTensor(g.expected.padded_output!), g);
      same('h_n', plain.h_n, decodeTensor(g.expected.h_n!), g);
    }
  });

  it('gru.packed.batch-order: the goldens include unsorted batches, whose h_n rows are not in sorted order', () => {
    const unsorted = forward.map(load).filter((g) => g.packedInput?.sortedIndices != null);
    expect(unsorted.length).toBeGreaterThan(4);
    expect(unsorted.some((g) => g.packedInput!.sortedIndices!.some((b, j) => b !== j))).toBe(true);
  });
});

describe(`oracle vs ${errors.length} PackedSequence error goldens`, () => {
  // The packing errors come from pack_padded_sequence, before the GRU runs: the oracle checks what reaches it.
  it.each(
    errors
      .filter((e) => e.clauses[0] === 'gru.packed.err-hx-batch')
      .map((e) => [e.clauses[0], e.id, e] as const),
  )('%s: golden %s is rejected with its clause', (clause, _id, entry) => {
    const g = load(entry);
    let got = 'accepted';
    try {
      gruPackedForward(g.kwargs, g.parameters, g.packedInput!, g.hx);
    } catch (e) {
      if (!(e instanceof GruSpecError)) throw e;
      got = e.clause;
    }
    expect(got).toBe(clause);
  });

  it.each(
    errors
      .filter((e) => e.clauses[0] !== 'gru.packed.err-hx-batch')
      .map((e) => [e.clauses[0], e.id, e] as const),
  )('%s: golden %s is refused by packing, naming its clause', (clause, _id, entry) => {
    const g = load(entry);
    const enforce = JSON.parse(readFileSync(join(DIR, entry.file), 'utf8')).enforce_sorted as boolean;
    expect(() => packPadded(g.input, g.lengths, g.kwargs.batch_first === true, enforce)).toThrow(
      expect.objectContaining({ clause }),
    );
  });
});

describe('packing', () => {
  // Measured on torch 2.15 (pack_padded_sequence with enforce_sorted=True): the last length is checked before
  // the order, so a call breaking both clauses names the one torch names.
  // also: gru.packed.err-unsorted
  it.each([
    [[1, 3, 0], 'gru.packed.err-zero-length'],
    [[3, -1, 0], 'gru.packed.err-zero-length'],
    [[0, 3, 1], 'gru.packed.err-unsorted'],
    [[3, 0, 1], 'gru.packed.err-unsorted'],
  ])(
    'gru.packed.err-zero-length: enforce_sorted lengths %j are refused naming %s, as torch does',
    (lengths, clause) => {
      const input: Tensor = { dtype: 'float64', shape: [4, 3, 2], data: new Float64Array(24) };
      expect(() => packPadded(input, lengths, false, true)).toThrow(expect.objectContaining({ clause }));
    },
  );

  it('gru.packed.pack: the oracle packs every golden input into the four tensors torch made', () => {
    for (const entry of forward) {
      const g = load(entry);
      const enforce = JSON.parse(readFileSync(join(DIR, entry.file), 'utf8')).enforce_sorted as boolean;
      const mine = packPadded(g.input, g.lengths, g.kwargs.batch_first === true, enforce);
      const torch = g.packedInput!;
      expect([mine.batchSizes, mine.sortedIndices, mine.unsortedIndices], g.id).toEqual([
        torch.batchSizes,
        torch.sortedIndices,
        torch.unsortedIndices,
      ]);
      expect(Array.from(mine.data.data), g.id).toEqual(Array.from(torch.data.data));
    }
  });
});

afterAll(() => {
  console.log(
    `oracle PackedSequence vs PyTorch: float64 max |err| ${measured.float64.toExponential(2)}, float32 max |err| ${measured.float32.toExponential(2)}`,
  );
});

// The packed family (gru.packed.*): the oracle passes it in both forms; each form is judged only for an
// implementation that declares it; the generated cases reach every dimension the family promises; a padded
// output must be exactly zero past each length; a misbehaving implementation fails under the right clause.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lengthsRequest,
  type PackedCase,
  packedCaseArb,
  packedRequest,
  paddingLeak,
} from '../../harness/cases/packed-case.js';
import { packedChecks } from '../../harness/checks/packed.js';
import { unsortedLengths } from '../../harness/checks/packed-properties.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { implementationProblems } from '../../harness/contract/implementation-shape.js';
import { oracleImplementation, oracleResult } from '../../harness/contract/oracle-implementation.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { defaultProfile, selectChecks } from '../../harness/profile.js';
import { runChecks } from '../../harness/runner.js';
import { GruSpecError, type Tensor, tensor } from '../../oracle/index.js';

const OPTIONS = { seed: 11, runs: 30, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
const family = () => selectChecks(defaultProfile(), { only: 'packed.' });
const withCaps = (capabilities: Implementation['capabilities'], forward = oracleResult): Implementation => ({
  name: `oracle with ${JSON.stringify(capabilities)}`,
  capabilities,
  forward,
});

describe('the packed family', () => {
  // also: gru.packed.output gru.packed.h-n gru.packed.reverse-start gru.packed.batch-order gru.packed.all-full
  it('gru.packed.pack: the oracle passes every check of both forms, goldens, properties, relations and invalid calls', async () => {
    const report = await runChecks(oracleImplementation, family(), OPTIONS);
    expect(
      report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.failure?.message}`),
    ).toEqual([]);
    const ids = report.checks.map((c) => c.id);
    for (const kind of ['golden', 'error', 'numeric', 'relation', 'invalid'])
      for (const form of ['sequence', 'lengths'])
        expect(
          ids.some((id) => id.startsWith(`packed.${form}.${kind}.`)),
          `${form} ${kind}`,
        ).toBe(true);
    expect(report.verdict).toBe('conformant');
  });

  it('gru.packed.err-unsorted: packing errors are asked only in the padded form, which alone can carry them', () => {
    const ids = packedChecks.goldens().map((c) => c.id);
    expect(ids).toContain('packed.lengths.error.packed-err-unsorted');
    expect(ids).toContain('packed.lengths.error.packed-err-zero-length');
    expect(ids.filter((id) => id.startsWith('packed.sequence.error.'))).toEqual([
      'packed.sequence.error.packed-err-hx-batch',
      'packed.sequence.error.packed-err-hx-batch-unsorted',
    ]);
  });

  it('gru.packed.output: without either capability every packed check is skipped for it, and the run is not incomplete for that', async () => {
    const oneStep = selectChecks(defaultProfile(), { only: 'numeric.one-step' });
    const report = await runChecks(withCaps({}), [...family(), ...oneStep], OPTIONS);
    const packed = report.checks.filter((c) => c.family === 'packed');
    expect(packed.every((c) => c.status === 'skip' && c.skipKind === 'capability')).toBe(true);
    expect([report.incomplete, report.verdict]).toEqual([[], 'conformant']);
  });

  it.each([
    ['packed', 'sequence', 'lengths'],
    ['sequenceLengths', 'lengths', 'sequence'],
  ] as const)(
    'gru.packed.output: declaring only %s judges the %s form and skips the %s form',
    async (cap, judged, skipped) => {
      const report = await runChecks(withCaps({ [cap]: true }), family(), { ...OPTIONS, runs: 5 });
      const of = (form: string) => report.checks.filter((c) => c.id.startsWith(`packed.${form}.`));
      expect(of(judged).every((c) => c.status === 'pass')).toBe(true);
      expect(of(skipped).every((c) => c.status === 'skip' && c.skipKind === 'capability')).toBe(true);
      expect(report.verdict).toBe('conformant');
    },
  );
});

describe('generated variable-length cases', () => {
  const cases = fc.sample(packedCaseArb({ dtypes: ['float32', 'float64'] }), { numRuns: 600, seed: 7 });
  const some = (what: string, p: (c: PackedCase) => boolean) =>
    expect(cases.some(p), `some case has ${what}`).toBe(true);

  it('gru.packed.pack: lengths are valid: one per sequence, in [1, steps], non-increasing with enforce_sorted', () => {
    for (const c of cases) {
      expect(c.lengths).toHaveLength(c.batch);
      expect(c.lengths.every((l) => l >= 1 && l <= c.steps)).toBe(true);
      if (c.enforceSorted) expect([...c.lengths].sort((a, b) => b - a)).toEqual(c.lengths);
    }
  });

  it('gru.packed.output: they reach ties, all equal, length 1, both orders, both layouts, directions, layers, hx and dtypes', () => {
    const distinct = (c: PackedCase) => new Set(c.lengths).size;
    some('a tie beside another length', (c) => distinct(c) > 1 && distinct(c) < c.batch);
    some('every length full', (c) => c.batch > 1 && c.lengths.every((l) => l === c.steps));
    some(
      'every length tied below the padded length',
      (c) => c.batch > 1 && distinct(c) === 1 && c.lengths[0] < c.steps,
    );
    some('a length of 1 beside longer ones', (c) => c.lengths.includes(1) && Math.max(...c.lengths) > 1);
    some(
      'enforce_sorted=False on unsorted lengths',
      (c) => !c.enforceSorted && c.lengths.some((l, b) => b > 0 && l > c.lengths[b - 1]),
    );
    some('enforce_sorted=True', (c) => c.enforceSorted && c.batch > 1);
    some('batch_first', (c) => c.batch_first);
    some('time-major', (c) => !c.batch_first);
    some('both directions', (c) => c.bidirectional);
    some('three layers or more', (c) => c.num_layers >= 3);
    some('hx given', (c) => c.hxGiven);
    some('hx omitted', (c) => !c.hxGiven);
    some('float32', (c) => c.dtype === 'float32');
    some('float64', (c) => c.dtype === 'float64');
    for (const w of [7, 8, 9, 15, 16, 17, 31, 32, 33])
      some(`a hidden or input width of ${w}`, (c) => c.hidden_size === w || c.input_size === w);
    some('a sequence longer than 8 steps', (c) => c.steps > 8);
  });

  it('gru.packed.batch-order: the fit for unsorted batches always gives lengths in no decreasing order', () => {
    for (const c of cases) {
      const u = unsortedLengths(c);
      expect(u.lengths).toHaveLength(u.batch);
      expect(u.lengths.every((l) => l >= 1 && l <= u.steps)).toBe(true);
      expect(u.lengths.some((l, b) => b > 0 && l > u.lengths[b - 1])).toBe(true);
    }
  });

  it('gru.packed.pack: a case is the same call in both forms (the oracle gives the same h_n, and the output packs)', () => {
    for (const c of cases.slice(0, 60)) {
      const viaPacked = oracleResult(packedRequest(c));
      const viaLengths = oracleResult(lengthsRequest(c));
      expect(Array.from(viaPacked.h_n.data)).toEqual(Array.from(viaLengths.h_n.data));
      const rows = c.lengths.reduce((a, l) => a + l, 0);
      expect(viaPacked.output.shape).toEqual([rows, (c.bidirectional ? 2 : 1) * c.hidden_size]);
      expect(paddingLeak(viaLengths.output, c.lengths, c.batch_first)).toBeNull();
    }
  });
});

describe('judging a padded output', () => {
  const checks = () => family().filter((c) => c.id === 'packed.lengths.numeric.general');

  it('gru.packed.pad-total-length: a value past a length must be exactly zero: 1e-300 there fails, naming the clause', async () => {
    const leaky = withCaps({ sequenceLengths: true }, (r) => {
      const res = oracleResult(r);
      const lengths = r.sequenceLengths?.lengths ?? [];
      const T = r.input.shape[r.kwargs.batch_first === true ? 1 : 0];
      const short = lengths.findIndex((l) => l < T);
      if (short < 0) return res;
      const leak = paddingLeak(
        { ...res.output, data: res.output.data.map(() => 1) },
        lengths,
        r.kwargs.batch_first === true,
      );
      const data = Float64Array.from(res.output.data);
      const W = res.output.shape[2];
      const [B, batchFirst] = [lengths.length, r.kwargs.batch_first === true];
      data[(batchFirst ? leak!.b * T + leak!.t : leak!.t * B + leak!.b) * W] = 1e-300;
      return { ...res, output: { ...res.output, data } };
    });
    const report = await runChecks(leaky, checks(), OPTIONS);
    const failed = report.checks.find((c) => c.status === 'fail');
    expect(failed?.failure?.message).toMatch(
      /is 1e-300: past its length the padded output must be exactly 0 \(gru.packed.pad-total-length\)/,
    );
  });

  it('gru.packed.pad-total-length: -0.0 past a length is zero (a mask multiplied in gives it)', () => {
    const out: Tensor = tensor('float64', [2, 1, 1], [0.5, -0]);
    expect(paddingLeak(out, [1], false)).toBeNull();
    expect(paddingLeak(tensor('float64', [2, 1, 1], [0.5, Number.NaN]), [1], false)).toMatchObject({
      t: 1,
      b: 0,
    });
  });
});

describe('requests in the two forms', () => {
  it('gru.packed.hx-order: the oracle rejects an hx of the right batch but wrong rows as gru.err.hx-shape', () => {
    const c = fc.sample(packedCaseArb({ dtypes: ['float64'] }), { numRuns: 1, seed: 3 })[0];
    const r = packedRequest({ ...c, hxGiven: true, num_layers: 1, bidirectional: false });
    const hx = tensor('float64', [2, c.batch, c.hidden_size], Array(2 * c.batch * c.hidden_size).fill(0));
    expect(() => oracleResult({ ...r, hx })).toThrow(expect.objectContaining({ clause: 'gru.err.hx-shape' }));
    expect(() => oracleResult({ ...r, hx })).toThrow(GruSpecError);
  });

  it.each([
    [
      'both forms at once',
      (r: GruRequest) => ({ ...r, sequenceLengths: { lengths: [1], enforceSorted: true } }),
      /not both/,
    ],
    [
      'batch sizes that grow',
      (r: GruRequest) => ({ ...r, packed: { ...r.packed!, batchSizes: [1, 2] } }),
      /non-increasing/,
    ],
    [
      'batch sizes that do not add up to the rows',
      (r: GruRequest) => ({ ...r, packed: { ...r.packed!, batchSizes: [2] } }),
      /add up to 2, the data has 3 rows/,
    ],
    [
      'sorted indices that are not a permutation',
      (r: GruRequest) => ({ ...r, packed: { ...r.packed!, sortedIndices: [0, 0], unsortedIndices: [0, 1] } }),
      /not a permutation/,
    ],
  ])(
    'gru.packed.pack: the oracle refuses a malformed packed request (%s), naming the problem',
    (_what, edit, message) => {
      const params = oracleParams();
      const input = tensor('float64', [3, 1], [1, 2, 3]);
      const request: GruRequest = {
        kwargs: { input_size: 1, hidden_size: 1 },
        dtype: 'float64',
        parameters: params,
        input,
        packed: { batchSizes: [2, 1], sortedIndices: null, unsortedIndices: null },
      };
      expect(oracleResult(request).output.shape).toEqual([3, 1]);
      expect(() => oracleResult(edit(request))).toThrow(message);
    },
  );

  it('gru.packed.pack: the oracle refuses lengths that do not fit the padded input (more than T, or not one per sequence)', () => {
    const base: GruRequest = {
      kwargs: { input_size: 1, hidden_size: 1 },
      dtype: 'float64',
      parameters: oracleParams(),
      input: tensor('float64', [2, 2, 1], [1, 2, 3, 4]),
    };
    expect(() =>
      oracleResult({ ...base, sequenceLengths: { lengths: [3, 1], enforceSorted: true } }),
    ).toThrow(/exceeds the padded 2/);
    expect(() => oracleResult({ ...base, sequenceLengths: { lengths: [2], enforceSorted: true } })).toThrow(
      /1 lengths for a batch of 2/,
    );
  });

  it('gru.packed.output: a capability declared as anything but a boolean is named when the implementation loads', () => {
    const problems = implementationProblems({
      name: 'x',
      forward: () => null,
      capabilities: { packed: 'yes', sequenceLengths: 1 },
    });
    expect(problems).toEqual([
      "capabilities.packed must be true or false, got 'yes'",
      'capabilities.sequenceLengths must be true or false, got 1',
    ]);
  });
});

function oracleParams(): GruRequest['parameters'] {
  return {
    weight_ih_l0: tensor('float64', [3, 1], [0.5, -0.25, 1]),
    weight_hh_l0: tensor('float64', [3, 1], [0.125, 0.5, -1]),
    bias_ih_l0: tensor('float64', [3], [0, 0, 0.25]),
    bias_hh_l0: tensor('float64', [3], [0, 0, -0.5]),
  };
}

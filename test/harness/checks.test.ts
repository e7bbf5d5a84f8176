// Misbehaving in-process implementations are reported failures of the right clause, never harness crashes;
// the init check accepts U(-k, k) and rejects other laws.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INIT_ALPHA, INIT_CHECK, ksUniform } from '../../harness/checks/init.js';
import { NUMERIC_CHECKS } from '../../harness/checks/numeric.js';
import { FAMILIES } from '../../harness/checks/types.js';
import { withTimeout } from '../../harness/cli/load.js';
import type { Implementation, InitRequest } from '../../harness/contract/implementation.js';
import { oracleImplementation, oracleResult } from '../../harness/contract/oracle-implementation.js';
import { defaultProfile } from '../../harness/profile.js';
import { mulberry32 } from '../../harness/random.js';
import { runChecks } from '../../harness/runner.js';
import { parameterShapes, resolveKwargs, tensor } from '../../oracle/index.js';

const OPTIONS = { seed: 3, runs: 20, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
const oneStep = NUMERIC_CHECKS.filter((c) => c.id === 'numeric.one-step');

function misbehaving(name: string, forward: Implementation['forward']): Implementation {
  return { name, forward };
}

describe('misbehaving implementations', () => {
  it.each([
    [
      'NaN results',
      misbehaving('nan', (r) => {
        const { output, h_n } = oracleImplementation.forward(r) as Awaited<
          ReturnType<Implementation['forward']>
        >;
        return { output: { ...output, data: output.data.map(() => Number.NaN) }, h_n };
      }),
      /values off/,
    ],
    [
      'a wrong shape',
      misbehaving('shape', (r) => {
        const { output, h_n } = oracleImplementation.forward(r) as Awaited<
          ReturnType<Implementation['forward']>
        >;
        return { output: { ...output, shape: [...output.shape].reverse() }, h_n };
      }),
      /shape \[/,
    ],
    [
      'a rejection of a valid call',
      misbehaving('reject', () => {
        throw new TypeError('not today');
      }),
      /rejected a valid call: not today/,
    ],
    [
      'garbage',
      misbehaving('garbage', () => 'hello' as never),
      /returned something that is not \{output, h_n\} tensors: "hello"/,
    ],
    [
      'a data array of the wrong length',
      misbehaving('short', (r) => {
        const { output, h_n } = oracleImplementation.forward(r) as Awaited<
          ReturnType<Implementation['forward']>
        >;
        return { output: { ...output, data: output.data.subarray(1) }, h_n };
      }),
      /not \{output, h_n\} tensors/,
    ],
    [
      'a hang (async, caught by the timeout)',
      withTimeout(
        misbehaving('hang', () => new Promise(() => {})),
        50,
      ),
      /did not answer within 50 ms/,
      // three timeouts in a row stop the run: the failure stands, the run is incomplete
      'incomplete',
    ],
  ] as [string, Implementation, RegExp, string?][])(
    'gru.eq.gate-order: %s fails the check with its clause and message',
    async (_what, impl, message, verdict) => {
      const report = await runChecks(impl, oneStep, { ...OPTIONS, runs: 3 });
      const outcome = report.checks[0];
      expect(outcome.status).toBe('fail');
      expect(outcome.clauses).toContain('gru.eq.gate-order');
      expect(outcome.failure?.message).toMatch(message);
      expect(report.verdict).toBe(verdict ?? 'not-conformant');
    },
  );
});

/** An implementation whose init draws every parameter from `draw(k, next)`. */
function initialising(draw: (k: number, next: () => number) => number, rename = false): Implementation {
  return {
    ...oracleImplementation,
    capabilities: { init: true },
    init({ kwargs, dtype, seed }: InitRequest) {
      const { options } = resolveKwargs(kwargs);
      const next = mulberry32(seed);
      const k = 1 / Math.sqrt(options.hidden_size);
      return Object.fromEntries(
        parameterShapes(options).map(([name, shape]) => [
          rename ? name.replace('weight', 'w') : name,
          tensor(
            dtype,
            shape,
            Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => draw(k, next)),
          ),
        ]),
      );
    },
  };
}

describe('init.uniform', () => {
  const run = async (impl: Implementation) => (await runChecks(impl, [INIT_CHECK], OPTIONS)).checks[0];
  it('gru.init.uniform: U(-k, k) passes', async () => {
    expect((await run(initialising((k, next) => (2 * next() - 1) * k))).status).toBe('pass');
  });
  it('gru.init.uniform: U(-1, 1) fails (values outside [-k, k])', async () => {
    const o = await run(initialising((_k, next) => 2 * next() - 1));
    expect(o.failure?.message).toMatch(/^gru\.init\.uniform: value .* outside/);
  });
  it('gru.init.uniform: a triangular law inside [-k, k] fails the Kolmogorov-Smirnov test', async () => {
    const o = await run(initialising((k, next) => (next() + next() - 1) * k));
    expect(o.failure?.message).toMatch(/Kolmogorov-Smirnov D = .* > /);
  });
  it('gru.param.names: wrong parameter names fail', async () => {
    expect((await run(initialising((k, next) => (2 * next() - 1) * k, true))).failure?.message).toMatch(
      /^gru\.param\.names/,
    );
  });
  it('gru.init.uniform: the KS statistic is 0 for an exact uniform grid and the false-alarm rate is 1e-3', () => {
    const grid = Array.from({ length: 100 }, (_, i) => -1 + (2 * i + 1) / 100);
    expect(ksUniform(grid, 1)).toBeCloseTo(0.005, 12);
    expect(INIT_ALPHA).toBe(1e-3);
  });
  it('gru.init.uniform: an implementation without the capability is skipped, not passed', async () => {
    expect((await run(oracleImplementation)).status).toBe('skip');
  });
});

describe('numeric.train-dropout and the train-mode goldens', () => {
  const trainChecks = defaultProfile().filter(
    (c) => c.id === 'numeric.train-dropout' || c.id.startsWith('golden.train-'),
  );
  const withMasks = (name: string, forward: Implementation['forward']): Implementation => ({
    name,
    capabilities: { trainMasks: true },
    forward,
  });

  it('gru.dropout.between-layers: the oracle with explicit masks passes all of them (7 goldens and the property)', async () => {
    const report = await runChecks(oracleImplementation, trainChecks, OPTIONS);
    expect(report.checks.length).toBe(8);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
  });

  it.each([
    ['ignores the masks', withMasks('no-dropout', (r) => oracleResult({ ...r, dropoutMasks: undefined }))],
    [
      'also drops the last layer output',
      withMasks('drops-output', (r) => {
        const res = oracleResult(r);
        const mask = r.dropoutMasks?.at(-1);
        return mask
          ? { ...res, output: { ...res.output, data: res.output.data.map((v, i) => v * mask.data[i]) } }
          : res;
      }),
    ],
  ])('gru.dropout.between-layers: an implementation that %s fails', async (_what, impl) => {
    const report = await runChecks(impl, trainChecks, OPTIONS);
    expect(report.checks.find((c) => c.id === 'numeric.train-dropout')?.status).toBe('fail');
    expect(report.checks.filter((c) => c.status === 'fail').length).toBeGreaterThan(4);
  });

  it('gru.dropout.between-layers: without the trainMasks capability these checks are skipped, not passed', async () => {
    const report = await runChecks({ ...oracleImplementation, capabilities: {} }, trainChecks, OPTIONS);
    expect(report.checks.every((c) => c.status === 'skip')).toBe(true);
  });
});

describe('the check families', () => {
  it('gru.num.tolerance: the report schema lists exactly the families of harness/checks/types.ts, in order', () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../spec/report.schema.json'), 'utf8'),
    );
    const enums: unknown[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.family && typeof o.family === 'object' && 'enum' in (o.family as object))
        enums.push((o.family as { enum: unknown }).enum);
      for (const v of Object.values(o)) walk(v);
    };
    walk(schema);
    expect(enums).toEqual([[...FAMILIES]]);
    expect(new Set(defaultProfile().map((c) => c.family))).toEqual(new Set(FAMILIES));
  });
});

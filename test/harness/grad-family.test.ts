// The grad family (capability `backward`): the oracle and the bundled JavaScript example pass it whole, an
// implementation without backward skips it without making the run incomplete (and one without trainMasks skips
// only its training-mode checks), the gradient goldens are sha256-verified, a rejection naming another clause
// fails, and each oracle-free relation fails an implementation that breaks only it.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import { GoldenIntegrityError } from '../../harness/cases/goldens.js';
import { GRAD_GOLDEN_DIR, loadGradManifest, verifyGradGoldens } from '../../harness/cases/grad-goldens.js';
import { GRAD_PROPERTY_CHECKS, gradGoldenChecks } from '../../harness/checks/grad.js';
import { INVALID_CHECKS } from '../../harness/checks/invalid.js';
import type { GruBackwardRequest } from '../../harness/contract/backward-request.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { runChecks } from '../../harness/runner.js';

const OPTIONS = { seed: 11, runs: 24, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
const gradChecks = () => [...gradGoldenChecks(), ...GRAD_PROPERTY_CHECKS];
const example = javascriptExample as Implementation;

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** The example with its backward's answer changed by `edit` (the forward stays right). */
function edited(
  name: string,
  edit: (g: Record<string, import('../../oracle/index.js').Tensor>, r: GruBackwardRequest) => void,
): Implementation {
  return {
    ...example,
    name,
    async backward(r) {
      const answer = await example.backward!(r);
      edit(answer.gradients, r);
      return answer;
    },
  };
}

const failing = (report: Awaited<ReturnType<typeof runChecks>>) =>
  report.checks.filter((c) => c.status === 'fail').map((c) => c.id);

describe('the grad family', () => {
  it.each([
    ['the oracle', oracleImplementation],
    ['the JavaScript example', example],
  ])(
    'gru.grad.vjp: %s passes every gradient check, naming every error clause (strict)',
    async (_name, impl) => {
      const report = await runChecks(impl, gradChecks(), { ...OPTIONS, strictClauses: true });
      expect(
        report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.failure?.message}`),
      ).toEqual([]);
      expect(report.checks.every((c) => c.family === 'grad')).toBe(true);
      expect(report.clauses.filter((c) => c.id.startsWith('gru.grad.') && c.status === 'fail')).toEqual([]);
    },
  );

  it('gru.grad.protocol-backward: without backward the family is skipped and the run stays complete', async () => {
    const { backward: _dropped, ...plain } = oracleImplementation;
    const report = await runChecks(
      { ...plain, capabilities: { trainMasks: true } },
      [...INVALID_CHECKS.slice(0, 1), ...gradChecks()],
      OPTIONS,
    );
    expect(report.verdict).toBe('conformant');
    const grad = report.checks.filter((c) => c.family === 'grad');
    expect(grad.every((c) => c.status === 'skip' && c.skipKind === 'capability')).toBe(true);
    expect(grad[0].skipReason).toMatch(/backward capability/);
  });

  it('gru.grad.dropout: without trainMasks only the training-mode gradient checks and goldens are skipped', async () => {
    const report = await runChecks(
      { ...example, capabilities: { backward: true } },
      [
        ...gradGoldenChecks()
          .filter((c) => c.id.includes('train'))
          .slice(0, 2),
        ...GRAD_PROPERTY_CHECKS,
      ],
      OPTIONS,
    );
    const skipped = report.checks.filter((c) => c.status === 'skip');
    expect(skipped.map((c) => c.id)).toEqual([
      ...report.checks.filter((c) => c.id.startsWith('grad.golden.train')).map((c) => c.id),
      'grad.numeric.training',
    ]);
    expect(skipped.every((c) => c.skipKind === 'capability' && /trainMasks/.test(c.skipReason!))).toBe(true);
    expect(report.checks.filter((c) => c.status === 'fail')).toEqual([]);
  });

  it('gru.grad.err-upstream-shape: a rejection naming another clause fails the error goldens as wrong-clause', async () => {
    const misfiled: Implementation = {
      ...example,
      async backward(r) {
        try {
          return await example.backward!(r);
        } catch (e) {
          throw Object.assign(new Error((e as Error).message), { clause: 'gru.err.hx-shape' });
        }
      },
    };
    const errors = gradGoldenChecks().filter((c) => c.id.startsWith('grad.error.'));
    expect(errors.length).toBeGreaterThan(0);
    const report = await runChecks(misfiled, errors, OPTIONS);
    expect(report.checks.every((c) => c.status === 'fail' && c.failure?.kind === 'wrong-clause')).toBe(true);
  });

  it('gru.grad.vjp: an upstream ignored past the output (gradients of h_n-only calls zero) fails the linearity relation', async () => {
    const impl = edited('h_n upstream dropped', (g, r) => {
      if (r.upstream.output == null) for (const t of Object.values(g)) t.data.fill(0);
    });
    const report = await runChecks(
      impl,
      GRAD_PROPERTY_CHECKS.filter((c) => c.id === 'grad.relation.upstream-linear'),
      OPTIONS,
    );
    expect(failing(report)).toEqual(['grad.relation.upstream-linear']);
  });

  it('gru.grad.vjp: gradients that are not zero for a zero upstream fail the zero-upstream relation', async () => {
    const impl = edited('bias drift', (g, r) => {
      if (r.upstream.output == null && r.upstream.h_n == null) g.input.data.fill(1e-3);
    });
    const report = await runChecks(
      impl,
      GRAD_PROPERTY_CHECKS.filter((c) => c.id === 'grad.relation.zero-upstream'),
      OPTIONS,
    );
    expect(failing(report)).toEqual(['grad.relation.zero-upstream']);
  });

  it('gru.grad.gates: a bias_hh gradient that differs from bias_ih in the r and z blocks fails bias-rz-equal', async () => {
    const impl = edited('bias_hh r block halved', (g) => {
      for (const [k, t] of Object.entries(g)) if (k.startsWith('bias_hh')) t.data[0] *= 0.5;
    });
    const report = await runChecks(
      impl,
      GRAD_PROPERTY_CHECKS.filter((c) => c.id === 'grad.relation.bias-rz-equal'),
      OPTIONS,
    );
    expect(failing(report)).toEqual(['grad.relation.bias-rz-equal']);
  });

  it('gru.grad.shapes: an unbatched input gradient 1 % off its batch-of-one call fails the unbatched relation', async () => {
    const impl = edited('unbatched input gradient scaled', (g, r) => {
      if (r.input.shape.length === 2) g.input.data = g.input.data.map((v) => v * 1.01);
    });
    const report = await runChecks(
      impl,
      GRAD_PROPERTY_CHECKS.filter((c) => c.id === 'grad.relation.unbatched-equals-batch-of-one'),
      OPTIONS,
    );
    expect(failing(report)).toEqual(['grad.relation.unbatched-equals-batch-of-one']);
  });

  it('gru.grad.parameters: gradients that depend on the batch order fail batch-permutation and batch-sums-rows', async () => {
    const impl = edited('first row weighted', (g, r) => {
      const N = r.input.shape.length === 3 ? r.input.shape[1] : 1;
      if (N > 1)
        for (const [k, t] of Object.entries(g)) if (k.startsWith('weight_hh')) t.data[0] += r.input.data[0];
    });
    const report = await runChecks(
      impl,
      GRAD_PROPERTY_CHECKS.filter((c) => c.id.startsWith('grad.relation.batch-')),
      OPTIONS,
    );
    expect(failing(report)).toEqual(['grad.relation.batch-permutation', 'grad.relation.batch-sums-rows']);
  });

  it('gru.grad.hx-omitted: an omitted hx taken as ones fails hx-omitted-zeros', async () => {
    const impl: Implementation = {
      ...example,
      async backward(r) {
        if (r.hx != null) return example.backward!(r);
        const ones = (await example.forward(r)).h_n;
        const { gradients } = await example.backward!({
          ...r,
          hx: { ...ones, data: ones.data.map(() => 1) },
        });
        const { hx: _hx, ...rest } = gradients;
        return { gradients: rest };
      },
    };
    const report = await runChecks(
      impl,
      GRAD_PROPERTY_CHECKS.filter((c) => c.id === 'grad.relation.hx-omitted-zeros'),
      OPTIONS,
    );
    expect(failing(report)).toEqual(['grad.relation.hx-omitted-zeros']);
  });

  it('gru.grad.vjp: the gradient goldens are sha256-verified: a changed file is refused, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grad-goldens-'));
    scratch.push(dir);
    cpSync(GRAD_GOLDEN_DIR, dir, { recursive: true });
    const manifest = loadGradManifest(dir);
    const entry = manifest.cases[0];
    writeFileSync(join(dir, entry.file), '{}');
    expect(() => verifyGradGoldens(manifest, dir)).toThrow(GoldenIntegrityError);
    expect(() => verifyGradGoldens(manifest, dir)).toThrow(entry.id);
  });
});

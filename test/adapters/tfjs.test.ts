// tfjs's tf.layers.gru and tf.layers.gruCell (adapters/tfjs/) as negative controls: the suite must find them not
// conformant and name the variant they compute, reset-before-matmul, plus hard-sigmoid for the default
// recurrentActivation.
import { beforeAll, describe, expect, it } from 'vitest';
import tfjsHard from '../../adapters/tfjs/gru-tfjs.js';
import tfjsSigmoid from '../../adapters/tfjs/gru-tfjs-sigmoid.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { defaultProfile, selectChecks } from '../../harness/profile.js';
import type { Report } from '../../harness/report/types.js';
import { runChecks } from '../../harness/runner.js';

// The size family (1576 calls, minutes on tfjs) is left out: the port's cell equations already decide its verdict.
const run = (impl: Implementation) =>
  runChecks(impl, selectChecks(defaultProfile(), { skip: 'numeric.sizes' }), {
    seed: 42,
    runs: 30,
    dtypes: ['float32', 'float64'],
  });
const failingClauses = (r: Report) => r.clauses.filter((c) => c.status === 'fail').map((c) => c.id);
let hard: Report;
let sigmoid: Report;

beforeAll(async () => {
  hard = await run(tfjsHard);
  sigmoid = await run(tfjsSigmoid);
}, 600_000);

describe('tfjs tf.layers.gru ported from PyTorch weights', () => {
  // also: gru.eq.reset-gate, gru.eq.update-gate, gru.eq.hidden-update
  it('gru.eq.new-gate: both ports are not conformant and fail the cell-equation clauses', () => {
    for (const r of [hard, sigmoid]) {
      expect(r.verdict).toBe('not-conformant');
      expect(failingClauses(r)).toEqual(expect.arrayContaining(['gru.eq.new-gate', 'gru.eq.recurrence']));
      expect(r.checks.find((c) => c.id === 'numeric.one-step')?.status).toBe('fail');
    }
  });

  it('gru.eq.new-gate: the default port is diagnosed as reset-before-matmul with hard-sigmoid gates', () => {
    expect(hard.diagnosis).toMatch(/^computes the reset-before-matmul\+hard-sigmoid variant:/);
  });

  it('gru.eq.new-gate: the sigmoid port is diagnosed as reset-before-matmul alone', () => {
    expect(sigmoid.diagnosis).toMatch(/^computes the reset-before-matmul variant:/);
    expect(sigmoid.diagnosis).not.toContain('hard');
  });

  it('gru.dir.reverse-output-time-aligned: the port is structurally right: every relation check passes', () => {
    for (const r of [hard, sigmoid]) {
      const relations = r.checks.filter((c) => c.family === 'relation');
      expect(relations.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    }
  });

  // also: gru.cell.err-input-rank
  it('gru.cell.step: tf.layers.gruCell is not conformant either, and computes the variants of its layer', () => {
    expect(hard.diagnosis).toMatch(/; nn\.GRUCell computes the reset-before-matmul\+hard-sigmoid variant:/);
    expect(sigmoid.diagnosis).toMatch(/; nn\.GRUCell computes the reset-before-matmul variant:/);
    for (const r of [hard, sigmoid]) {
      expect(r.checks.find((c) => c.id === 'cell.numeric.step')?.status).toBe('fail');
      // structurally right: its own relations (one step of its own tf.layers.gru included) and its checks hold
      const structural = r.checks.filter((c) => /^cell\.(relation|error)\./.test(c.id));
      expect(structural.length).toBeGreaterThan(20);
      expect(structural.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    }
  });

  // also: gru.grad.err-upstream-shape gru.grad.new-gate
  it("gru.grad.vjp: tf.variableGrads through the port (capability backward) is not conformant: its forward is not nn.GRU's", () => {
    for (const r of [hard, sigmoid]) {
      const grad = r.checks.filter((c) => c.family === 'grad');
      expect(grad.length).toBeGreaterThan(190);
      expect(r.checks.find((c) => c.id === 'grad.numeric.long')?.status).toBe('fail');
      expect(r.checks.filter((c) => c.id.startsWith('grad.error.')).map((c) => c.status)).toEqual(
        expect.arrayContaining(['pass']),
      );
      expect(r.diagnosis).toMatch(/; backward computes none of the known backward variants/);
    }
  });

  it('gru.err.input-features: the port rejects every invalid call of the profile', () => {
    const errors = hard.checks.filter((c) => c.family === 'error');
    expect(errors.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
  });
});

// PyTorch itself, live, through the protocol: it must pass every check (the strongest check of the oracle).
import { fc } from '@fast-check/vitest';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import { defaultProfile } from '../../harness/profile.js';
import { type SubprocessImplementation, spawnImplementation } from '../../harness/protocol/subprocess.js';
import type { Report } from '../../harness/report/types.js';
import { runChecks } from '../../harness/runner.js';
import type { Tensor } from '../../oracle/index.js';

// torch is a uv dependency group of its own (pyproject.toml): npm test's environment has numpy only.
const COMMAND = 'uv run --frozen --group torch python adapters/torch/gru_torch.py';
let torch: SubprocessImplementation;
let report: Report;
let halfReport: Report;

const sameBits = (a: Tensor, b: Tensor) =>
  a.shape.join() === b.shape.join() && a.data.every((v, i) => Object.is(v, b.data[i]));

// Installs torch first (from uv's cache when it is there), so that the adapter's start is not timed with it.
beforeAll(async () => {
  await execa('uv', ['sync', '--frozen', '--inexact', '--group', 'torch', '--quiet', '--compile-bytecode']);
}, 900_000);
beforeAll(async () => {
  torch = await spawnImplementation(COMMAND, { timeoutMs: 60_000 });
  report = await runChecks(torch, defaultProfile(), {
    seed: 42,
    runs: 40,
    dtypes: ['float32', 'float64'],
    strictClauses: true,
  });
  // float16 and bfloat16 (gru.dtype.half-arithmetic): the profile without the size family, which npm run calibrate:half
  // samples for them (here it would take minutes of half-precision matrix products on one CPU thread).
  const withoutSizes = defaultProfile().filter((c) => !c.id.startsWith('numeric.sizes.'));
  halfReport = await runChecks(torch, withoutSizes, {
    seed: 42,
    runs: 40,
    dtypes: ['float16', 'bfloat16'],
    strictClauses: true,
  });
}, 480_000);
afterAll(async () => torch?.close?.());

describe('PyTorch nn.GRU, nn.GRUCell and autograd through adapters/torch/gru_torch.py', () => {
  it('gru.num.tolerance: torch passes the default profile (seed 42, 40 runs per property)', () => {
    const failing = report.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id}: ${c.failure?.message}`);
    expect(failing).toEqual([]);
    expect(report.verdict).toBe('conformant');
  });
  it('gru.dtype.half-arithmetic: torch passes the profile in float16 and bfloat16 (size family left out; 40 runs)', () => {
    const failing = halfReport.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id}: ${c.failure?.message}`);
    expect(failing).toEqual([]);
    expect(halfReport.verdict).toBe('conformant');
    expect(halfReport.options.dtypes).toEqual(['float16', 'bfloat16']);
    expect(halfReport.checks.filter((c) => c.family === 'golden' && c.status === 'pass').length).toBe(82);
  });

  // also: gru.cell.err-input-rank gru.cell.shapes
  it("gru.cell.step: torch's nn.GRUCell (capability cell) passes the whole cell family, naming every error clause", () => {
    expect(torch.capabilities?.cell).toBe(true);
    const cell = report.checks.filter((c) => c.family === 'cell');
    expect(cell.length).toBeGreaterThan(70);
    expect(cell.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`)).toEqual([]);
  });

  // also: gru.packed.pack gru.packed.h-n gru.packed.reverse-start gru.packed.batch-order gru.packed.err-hx-batch
  it('gru.packed.output: torch passes the packed family in both forms (PackedSequence, padded with lengths), none skipped', () => {
    const packed = report.checks.filter((c) => c.family === 'packed');
    expect(packed.length).toBeGreaterThan(60);
    for (const form of ['sequence', 'lengths'])
      expect(packed.filter((c) => c.id.startsWith(`packed.${form}.`)).length, form).toBeGreaterThan(20);
    expect(packed.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`)).toEqual([]);
  });
  // also: gru.grad.err-upstream-shape gru.grad.dropout gru.grad.protocol-backward
  it("gru.grad.vjp: torch's autograd (capability backward) passes the whole grad family, goldens, properties and relations", () => {
    expect(torch.capabilities?.backward).toBe(true);
    const grad = report.checks.filter((c) => c.family === 'grad');
    expect(grad.length).toBeGreaterThan(190);
    expect(grad.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`)).toEqual([]);
  });
  it('gru.init.uniform: torch initialises its own parameters from U(-1/sqrt(H), 1/sqrt(H))', () => {
    expect(report.checks.find((c) => c.id === 'init.uniform')?.status).toBe('pass');
  });
  it('gru.eq.new-gate: the whole run used one torch process, speaking version 2 with base64 tensors', () => {
    expect([torch.protocol, torch.encoding, torch.starts]).toEqual(['gru-conformance/2', 'base64-f64le', 1]);
  });

  it('gru.eq.new-gate: offered JSON numbers only, torch answers version 1, bit for bit as in base64', async () => {
    const json = await spawnImplementation(COMMAND, { timeoutMs: 60_000, encodings: ['json'] });
    try {
      expect([json.protocol, json.encoding]).toEqual(['gru-conformance/1', 'json']);
      for (const c of fc.sample(gruCaseArb({ longSteps: 20 }), { numRuns: 20, seed: 5 })) {
        const request = caseRequest(c);
        const [a, b] = await Promise.allSettled([torch.forward(request), json.forward(request)]);
        expect(a.status).toBe(b.status);
        if (a.status === 'fulfilled' && b.status === 'fulfilled') {
          expect(sameBits(a.value.output, b.value.output) && sameBits(a.value.h_n, b.value.h_n)).toBe(true);
        }
      }
    } finally {
      await json.close?.();
    }
  }, 120_000);

  it('gru.err.input-features: torch rejects every invalid call of the profile itself, for the reason the suite names', () => {
    const errors = report.checks.filter((c) => c.family === 'error');
    expect(errors.length).toBeGreaterThan(50);
    // Under strictClauses: each rejection named the clause (adapters/torch/torch_clauses.py reads torch's message).
    expect(report.options.strictClauses).toBe(true);
    expect(errors.filter((c) => c.status !== 'pass').map((c) => c.failure?.message)).toEqual([]);
    expect(report.summary.warnings).toBe(0);
  });
});

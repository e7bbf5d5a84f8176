// onnxruntime-web's wasm build in Node (adapters/onnxruntime-web/gru-ort-web.js) against the default profile: the
// same results as onnxruntime-node, except that a batch of 0 throws 'Aborted()' instead of ending the process.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ortWebGru from '../../adapters/onnxruntime-web/gru-ort-web.js';
import { float16GruMatch } from '../../adapters/onnxruntime-web/probe-float16.js';
import { float64GruError } from '../../adapters/onnxruntime-web/probe-float64.js';
import { sequenceLensProbe } from '../../adapters/onnxruntime-web/probe-sequence-lens.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { defaultProfile } from '../../harness/profile.js';
import type { Report } from '../../harness/report/types.js';
import { runChecks } from '../../harness/runner.js';
import { DTYPES } from '../../oracle/index.js';
import { expectOnlyKnownFailures, isNonFinite, NON_FINITE_CLAUSES } from './ort-known-failures.js';
import { expectSequenceLensAsTorch } from './ort-sequence-lens.js';

let report: Report;

beforeAll(async () => {
  report = await runChecks(ortWebGru, defaultProfile(), {
    seed: 42,
    runs: 30,
    dtypes: [...DTYPES],
  });
}, 120_000);
afterAll(async () => ortWebGru.close?.());

describe('onnxruntime-web GRU (wasm, opset 14, linear_before_reset=1)', () => {
  it('gru.num.tolerance: every value check but batch 0 and non-finite values passes (seed 42, 30 runs per property)', () => {
    expectOnlyKnownFailures(report);
  });

  it("gru.shape.batch-zero: ORT's wasm kernel throws 'Aborted()' on batch 0, so exactly that clause fails", () => {
    const failed = report.checks.filter((c) => c.status === 'fail' && !isNonFinite(c));
    expect(failed.every((c) => c.failure?.message.includes('rejected a valid call: Aborted()'))).toBe(true);
    expect(report.clauses.filter((c) => c.status === 'fail' && c.failed > 0).map((c) => c.id)).toEqual([
      'gru.shape.batch-zero',
      ...NON_FINITE_CLAUSES,
    ]);
  });

  it('gru.shape.batch-zero: the minimal case throws, and the wasm instance keeps answering afterwards', () => {
    // When this fails, ORT answers batch 0: BATCH_ZERO_CHECKS (ort-known-failures.ts) should then be empty.
    const probe = spawnSync(
      process.execPath,
      [join(PACKAGE_ROOT, 'adapters/onnxruntime-web/probe-batch-zero.js')],
      { encoding: 'utf8' },
    );
    expect(probe.status).toBe(0);
    expect(probe.stdout).toContain('GRU with X [1, 0, 1]');
    expect(probe.stdout).toContain('threw RuntimeError: Aborted()');
    expect(probe.stdout).toContain('then X [1, 1, 1] answers Y [1,1,1,1]');
  });

  it('gru.dtype.output-matches-input: the wasm GRU kernel has no float64 either, so float32 and float16', async () => {
    expect(ortWebGru.capabilities?.dtypes).toEqual(['float32', 'float16']);
    expect(await float64GruError()).toMatch(/does not support double/);
  });

  it('gru.dtype.half-accumulation: the wasm build too runs a float16 GRU node as the float32 kernel between casts', async () => {
    expect(await float16GruMatch()).toEqual({ type: 'float16', same: 260, total: 260 });
  });

  it('gru.err.input-features: every invalid call of the profile is rejected', () => {
    const errors = report.checks.filter((c) => c.family === 'error');
    expect(errors.length).toBeGreaterThan(50);
    expect(errors.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
  });

  // also: gru.packed.h-n gru.packed.pad-total-length gru.packed.output
  it("gru.packed.reverse-start: ORT's sequence_lens: reverse from each sequence's own last step, Y_h its own final state, Y 0 past it", async () => {
    expectSequenceLensAsTorch(await sequenceLensProbe());
  });

  it('gru.packed.output: the padded form (sequence_lens) passes the packed family; ONNX has no PackedSequence form', () => {
    const packed = report.checks.filter((c) => c.family === 'packed');
    expect(ortWebGru.capabilities).toMatchObject({ sequenceLengths: true });
    const lengths = packed.filter((c) => c.id.startsWith('packed.lengths.') && c.status !== 'skip');
    expect(lengths.length).toBeGreaterThan(20);
    expect(lengths.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    expect(
      packed.filter((c) => c.id.startsWith('packed.sequence.')).every((c) => c.skipKind === 'capability'),
    ).toBe(true);
  });
});

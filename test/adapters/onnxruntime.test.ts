// ONNX Runtime's GRU (adapters/onnxruntime/gru-ort.js) against the default profile: it computes nn.GRU, and its
// one known discrepancy, a process abort on a batch of 0, is asserted exactly (needs `npm ci --prefix adapters`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ortGru from '../../adapters/onnxruntime/gru-ort.js';
import { float16GruMatch } from '../../adapters/onnxruntime/probe-float16.js';
import { float64GruError } from '../../adapters/onnxruntime/probe-float64.js';
import { sequenceLensProbe } from '../../adapters/onnxruntime/probe-sequence-lens.js';
import { caseRequest, SMALL_CASE } from '../../harness/cases/gru-case.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { defaultProfile } from '../../harness/profile.js';
import type { Report } from '../../harness/report/types.js';
import { runChecks } from '../../harness/runner.js';
import { DTYPES } from '../../oracle/index.js';
import { expectOnlyKnownFailures, isNonFinite, NON_FINITE_CLAUSES } from './ort-known-failures.js';
import { expectSequenceLensAsTorch } from './ort-sequence-lens.js';

let report: Report;

beforeAll(async () => {
  report = await runChecks(ortGru, defaultProfile(), { seed: 42, runs: 30, dtypes: [...DTYPES] });
}, 120_000);
afterAll(async () => ortGru.close?.());

describe('onnxruntime-node GRU (opset 14, linear_before_reset=1)', () => {
  it('gru.num.tolerance: every value check but batch 0 and non-finite values passes (seed 42, 30 runs per property)', () => {
    expectOnlyKnownFailures(report);
  });

  it('gru.shape.batch-zero: batch-0 calls are refused by the adapter, so exactly that clause fails', () => {
    const failed = report.checks.filter((c) => c.status === 'fail' && !isNonFinite(c));
    expect(failed.every((c) => c.failure?.message.includes('aborts the process on batch size 0'))).toBe(true);
    expect(report.clauses.filter((c) => c.status === 'fail' && c.failed > 0).map((c) => c.id)).toEqual([
      'gru.shape.batch-zero',
      ...NON_FINITE_CLAUSES,
    ]);
  });

  it('gru.num.nan-propagation: the minimal case: a NaN input to a 1x1 GRU gives a finite output where nn.GRU gives NaN', async () => {
    const request = caseRequest({
      ...SMALL_CASE,
      dtype: 'float32',
      input_size: 1,
      hidden_size: 1,
      steps: 1,
      batch: 1,
      hxGiven: false,
    });
    request.input.data[0] = Number.NaN;
    const expected = await oracleImplementation.forward(request);
    expect(Number.isNaN(expected.output.data[0])).toBe(true);
    const answer = await ortGru.forward(request);
    // When this fails, ORT propagates NaN: NON_FINITE_CLAUSES (ort-known-failures.ts) should then shrink.
    expect(Number.isFinite(answer.output.data[0])).toBe(true);
  });

  it('gru.shape.batch-zero: onnxruntime-node still aborts the process on a GRU of batch 0 (the minimal case)', () => {
    // When this fails, ORT answers batch 0: drop the adapter's refusal and BATCH_ZERO_CHECKS (ort-known-failures.ts).
    const probe = spawnSync(
      process.execPath,
      [join(PACKAGE_ROOT, 'adapters/onnxruntime/probe-batch-zero.js')],
      {
        encoding: 'utf8',
      },
    );
    expect(probe.signal).toBe('SIGABRT');
    expect(probe.stdout).toContain('GRU with X [1, 0, 1]');
  });

  it("gru.dtype.output-matches-input: ORT's GRU kernel has no float64 and ONNX's GRU no bfloat16: float32 and float16", async () => {
    expect(ortGru.capabilities?.dtypes).toEqual(['float32', 'float16']);
    expect(await float64GruError()).toMatch(/does not support double/);
  });

  it('gru.dtype.half-accumulation: a float16 GRU node runs the float32 kernel between casts (the state stays float32)', async () => {
    // Measured, not assumed: every float16 result is the float32 model's result rounded once (not PyTorch's
    // arithmetic, gru.dtype.half-arithmetic, which rounds every step; more precise, and judged by the same allowance).
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
    expect(ortGru.capabilities).toMatchObject({ sequenceLengths: true });
    const lengths = packed.filter((c) => c.id.startsWith('packed.lengths.') && c.status !== 'skip');
    expect(lengths.length).toBeGreaterThan(20);
    expect(lengths.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
    expect(
      packed.filter((c) => c.id.startsWith('packed.sequence.')).every((c) => c.skipKind === 'capability'),
    ).toBe(true);
  });
});

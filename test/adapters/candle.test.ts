// candle-nn's GRU (adapters/candle, a Rust subprocess) against the default profile: it computes nn.GRU in
// float32 and float64, and nn.GRUCell as one step of candle's GRU. Needs cargo; `npm run test:adapters` builds the binary first, beforeAll makes sure.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenRequest, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { PACKAGE_ROOT } from '../../harness/paths.js';
import { defaultProfile } from '../../harness/profile.js';
import { type SubprocessImplementation, spawnImplementation } from '../../harness/protocol/subprocess.js';
import type { Report } from '../../harness/report/types.js';
import { runChecks } from '../../harness/runner.js';
import type { Tensor } from '../../oracle/index.js';

const sameBits = (a: Tensor, b: Tensor) =>
  a.shape.join() === b.shape.join() && a.data.every((v, i) => Object.is(v, b.data[i]));

const CRATE = join(PACKAGE_ROOT, 'adapters/candle');
const BINARY = join(CRATE, 'target/release/gru-candle');
let candle: SubprocessImplementation;
let report: Report;

/** The clause id the adapter names when it rejects the request; 'answered' when it does not reject it. */
async function rejectionClause(request: GruRequest): Promise<string | undefined> {
  try {
    await candle.forward(request);
    return 'answered';
  } catch (e) {
    return (e as { clause?: string }).clause;
  }
}

beforeAll(async () => {
  // a no-op when up to date; a cold build takes about 1.5 min on 2 cores
  execFileSync('cargo', ['build', '--release', '--quiet', '--manifest-path', join(CRATE, 'Cargo.toml')], {
    stdio: 'inherit',
  });
  candle = await spawnImplementation(BINARY, { timeoutMs: 60_000 });
  report = await runChecks(candle, defaultProfile(), { seed: 42, runs: 30, dtypes: ['float32', 'float64'] });
}, 300_000);
afterAll(async () => candle?.close?.());

describe('candle-nn GRU through adapters/candle', () => {
  it('gru.num.tolerance: candle passes the default profile in both dtypes (seed 42, 30 runs per property), but for a GRUCell of hidden_size 0, which panics inside candle', () => {
    const failing = report.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id}: ${c.failure?.message}`);
    expect(failing).toEqual([
      expect.stringMatching(
        /^cell\.numeric\.size-zero: rejected a valid call: candle panicked: index out of bounds/,
      ),
    ]);
    expect(report.verdict).toBe('not-conformant');
    const worst = Math.max(...report.checks.flatMap((c) => c.worst.map((w) => w.ratio)));
    expect(worst).toBeLessThan(0.25);
  });

  it('gru.dtype.output-matches-input: both dtypes are declared and computed, version = the locked candle-nn', () => {
    expect(report.implementation.capabilities?.dtypes).toEqual(['float32', 'float64']);
    // No init, no explicit dropout masks, no variable-length sequences and no gradients: those checks are skipped
    // (the packed and grad families as a whole, for the capability); the half-precision goldens are skipped for
    // their dtype, which candle does not declare; the rest run in both dtypes.
    const skips = report.checks.filter((c) => c.status === 'skip');
    const undeclared = ['packed', 'grad'];
    for (const family of undeclared) {
      const mine = skips.filter((c) => c.family === family);
      expect(mine.length, family).toBe(report.checks.filter((c) => c.family === family).length);
      expect(mine.every((c) => c.skipKind === 'capability')).toBe(true);
    }
    const half = (id: string) => /-b?f16$/.test(id);
    const halfGoldens = report.checks.filter((c) => c.family === 'golden' && half(c.id));
    expect(halfGoldens.length).toBeGreaterThan(0);
    expect(halfGoldens.every((c) => c.status === 'skip' && c.skipKind === 'dtype')).toBe(true);
    const skipped = skips.filter((c) => !undeclared.includes(c.family) && !half(c.id)).map((c) => c.id);
    expect(skipped.filter((id) => !id.startsWith('golden.train-'))).toEqual([
      'numeric.train-dropout',
      'init.uniform',
    ]);
    expect(skipped.filter((id) => id.startsWith('golden.train-'))).toHaveLength(7);
    const lock = readFileSync(join(CRATE, 'Cargo.lock'), 'utf8');
    const locked = /name = "candle-nn"\nversion = "([^"]+)"/.exec(lock)?.[1];
    expect(report.implementation.version).toBe(locked);
  });

  // also: gru.cell.shapes gru.cell.err-dtype
  it("gru.cell.step: one step of candle's GRU (RNN::step) is nn.GRUCell: the cell family passes in both dtypes, sizes of 0 aside", () => {
    expect(report.implementation.capabilities?.cell).toBe(true);
    const cell = report.checks.filter((c) => c.family === 'cell');
    expect(cell.length).toBeGreaterThan(70);
    // gru.cell.lenient-kwargs: nn.GRUCell(3, 0) gives an empty (N, 0) state; candle's step panics
    expect(cell.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`)).toEqual([
      'cell.numeric.size-zero: fail',
    ]);
  });

  it('gru.eq.new-gate: the adapter speaks version 2 with base64 tensors, one process for the whole run', () => {
    expect([candle.protocol, candle.encoding, candle.starts]).toEqual([
      'gru-conformance/2',
      'base64-f64le',
      1,
    ]);
  });

  it('gru.eq.new-gate: offered JSON numbers only, it answers version 1, bit for bit as in base64', async () => {
    const json = await spawnImplementation(BINARY, { timeoutMs: 60_000, encodings: ['json'] });
    try {
      expect([json.protocol, json.encoding]).toEqual(['gru-conformance/1', 'json']);
      for (const c of fc.sample(gruCaseArb({ longSteps: 20 }), { numRuns: 40, seed: 5 })) {
        const request = caseRequest(c);
        const [a, b] = await Promise.allSettled([candle.forward(request), json.forward(request)]);
        expect(a.status).toBe(b.status);
        if (a.status === 'fulfilled' && b.status === 'fulfilled') {
          expect(sameBits(a.value.output, b.value.output) && sameBits(a.value.h_n, b.value.h_n)).toBe(true);
        }
      }
    } finally {
      await json.close?.();
    }
  });

  it('gru.shape.batch-zero: candle answers a batch of 0 (unlike onnxruntime)', () => {
    expect(report.checks.find((c) => c.id === 'numeric.batch-zero')?.status).toBe('pass');
  });

  it('gru.err.input-features: every PyTorch error golden is rejected with the clause PyTorch broke', async () => {
    const errors = loadManifest().cases.filter((e) => e.kind === 'error');
    expect(errors.length).toBeGreaterThan(40);
    for (const entry of errors) {
      const golden = loadGolden(entry);
      const rejection = await rejectionClause(goldenRequest(golden));
      expect(rejection, entry.id).toBe(golden.expected.error?.clause);
    }
  });
});

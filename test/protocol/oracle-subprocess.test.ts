// The oracle behind serve() in a real child process (`oracle serve`) gives bit for bit what the
// in-process oracle gives, and its rejections keep their clause.
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import { PACKED_FORMS, packedCaseArb, requestIn } from '../../harness/cases/packed-case.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleResult } from '../../harness/contract/oracle-implementation.js';
import { RejectedCallError, spawnImplementation } from '../../harness/protocol/subprocess.js';
import { gruForward, type Tensor } from '../../oracle/index.js';
import { ORACLE_SERVE, smallRequest } from './requests.js';

const sameTensor = (a: Tensor, b: Tensor) =>
  a.dtype === b.dtype &&
  a.shape.join() === b.shape.join() &&
  a.data.length === b.data.length &&
  a.data.every((v, i) => Object.is(v, b.data[i]));

describe('the oracle served over the protocol', () => {
  let served: Implementation;
  beforeAll(async () => {
    served = await spawnImplementation(ORACLE_SERVE, { timeoutMs: 20_000 });
  });
  afterAll(() => served?.close?.());

  it('gru.eq.new-gate: the hello names the oracle, all four dtypes, explicit dropout masks, both variable-length forms and gradients', () => {
    expect(served.name).toBe('gru-conformance oracle');
    expect(served.capabilities).toEqual({
      init: false,
      trainMasks: true,
      cell: true,
      packed: true,
      sequenceLengths: true,
      backward: true,
      dtypes: ['float32', 'float64', 'float16', 'bfloat16'],
    });
    expect(served.init).toBeUndefined();
  });

  // also: gru.packed.pack gru.packed.pad-total-length
  it('gru.packed.output: variable-length calls in both forms give bit-identical results to the in-process oracle', async () => {
    const cases = fc.sample(packedCaseArb({ dtypes: ['float32', 'float64'] }), {
      numRuns: 30,
      seed: 20260101,
    });
    for (const c of cases) {
      for (const form of PACKED_FORMS) {
        const request = requestIn(form, c);
        const want = oracleResult(request);
        const got = await served.forward(request);
        expect(sameTensor(got.output, want.output), `${form} ${JSON.stringify(c)}`).toBe(true);
        expect(sameTensor(got.h_n, want.h_n), `${form} ${JSON.stringify(c)}`).toBe(true);
      }
    }
  });

  // also: gru.eq.reset-gate gru.eq.update-gate gru.eq.hidden-update gru.dir.output-concat gru.layer.stacking
  it('gru.eq.new-gate: random calls give bit-identical output and h_n to the in-process oracle', async () => {
    const cases = fc.sample(gruCaseArb({ longSteps: 30 }), { numRuns: 60, seed: 20240611 });
    for (const c of cases) {
      const request = caseRequest(c);
      const want = gruForward(request.kwargs, request.parameters, request.input, request.hx);
      const got = await served.forward(request);
      expect(sameTensor(got.output, want.output), JSON.stringify(c)).toBe(true);
      expect(sameTensor(got.h_n, want.h_n), JSON.stringify(c)).toBe(true);
    }
  });

  it('gru.num.saturation: huge inputs, NaN and infinities in the request travel and come back exactly', async () => {
    const request = smallRequest({ inputScale: 1e8 });
    const data = Float64Array.from(request.input.data);
    data.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 5e-324], 0);
    const odd = { ...request, input: { ...request.input, data } };
    const want = gruForward(odd.kwargs, odd.parameters, odd.input, odd.hx);
    const got = await served.forward(odd);
    expect(sameTensor(got.output, want.output)).toBe(true);
    expect(sameTensor(got.h_n, want.h_n)).toBe(true);
  });

  it('gru.err.input-features: a rejected call throws RejectedCallError with the clause, and the process goes on', async () => {
    const wrong = { ...smallRequest({ input_size: 2 }), input: smallRequest().input };
    const error = await Promise.resolve(served.forward(wrong)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedCallError);
    expect((error as RejectedCallError).clause).toBe('gru.err.input-features');
    await expect(served.forward(smallRequest())).resolves.toHaveProperty('h_n');
  });

  it('gru.err.unknown-kwarg: text beyond ASCII travels both ways intact (a kwarg name, quoted back in the error)', async () => {
    const request = { ...smallRequest(), kwargs: { ...smallRequest().kwargs, 'größe_✓': 1 } };
    const error = await Promise.resolve(served.forward(request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RejectedCallError);
    expect((error as RejectedCallError).clause).toBe('gru.err.unknown-kwarg');
    expect((error as Error).message).toContain("'größe_✓'");
  });

  it('gru.shape.batch-independent: concurrent forward calls are queued, one in flight, each with its own answer', async () => {
    const requests = [1, 2, 3, 4].map((batch) => smallRequest({ batch, seed: batch }));
    const answers = await Promise.all(requests.map((r) => served.forward(r)));
    expect(answers.map((a) => a.output.shape[1])).toEqual([1, 2, 3, 4]);
  });
});

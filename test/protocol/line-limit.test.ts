// The answer line limit is derived from the request: never below the floor, always room for the largest
// answer the call can have (in either encoding), never above what Node can hold; and a call past 64 MiB
// (the largest call of the speed goal) completes over the protocol with the default settings.
import { fc } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import { caseRequest, gruCaseArb } from '../../harness/cases/gru-case.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { answerLineLimit, LONGEST_LINE_BYTES } from '../../harness/protocol/line-limit.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import { type Encoding, encodeMessage } from '../../harness/protocol/wire.js';
import {
  GruSpecError,
  gruForward,
  parameterShapes,
  resolveKwargs,
  type Tensor,
  tensor,
} from '../../oracle/index.js';
import { BIG_CALL, bigRequest } from './big-call.js';
import { fixture, smallRequest } from './requests.js';

const MiB = 2 ** 20;
/** The longest shortest-round-trip double: every value written at its longest. */
const LONGEST_NUMBER = -2.2250738585072014e-308;
const worst = (t: Tensor) => tensor(t.dtype, t.shape, new Float64Array(t.data.length).fill(LONGEST_NUMBER));
const ENCODINGS: Encoding[] = ['json', 'base64-f64le'];

describe('answerLineLimit', () => {
  it('gru.shape.output-batched: every valid generated call has room for its answer at its longest, both encodings', () => {
    const cases = fc.sample(gruCaseArb({ longSteps: 60 }), { numRuns: 200, seed: 11 });
    let checked = 0;
    for (const c of cases) {
      const request = caseRequest(c);
      let answer: { output: Tensor; h_n: Tensor };
      try {
        answer = gruForward(request.kwargs, request.parameters, request.input, request.hx);
      } catch (error) {
        if (error instanceof GruSpecError) continue;
        throw error;
      }
      const response = { output: worst(answer.output), h_n: worst(answer.h_n) };
      for (const encoding of ENCODINGS) {
        const line = encodeMessage({ type: 'result', id: 2 ** 40, response }, encoding);
        expect(line.length).toBeLessThanOrEqual(answerLineLimit({ type: 'forward', request }, encoding, 0));
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('gru.param.shapes: an init answer (a fresh state_dict) always has room too', () => {
    for (const c of fc.sample(gruCaseArb(), { numRuns: 100, seed: 12 })) {
      const request = { kwargs: caseRequest(c).kwargs, dtype: c.dtype, seed: 1 };
      const parameters = Object.fromEntries(
        parameterShapes(resolveKwargs(request.kwargs).options).map(([name, shape]) => [
          name,
          worst(tensor(c.dtype, shape)),
        ]),
      );
      for (const encoding of ENCODINGS) {
        const line = encodeMessage({ type: 'parameters', id: 1, parameters }, encoding);
        expect(line.length).toBeLessThanOrEqual(answerLineLimit({ type: 'init', request }, encoding, 0));
      }
    }
  });

  it('gru.err.hidden-size-type: a call that can only be rejected gets the floor; a huge one is capped', () => {
    const invalid = { ...smallRequest(), kwargs: { input_size: 3, hidden_size: 'four' } };
    expect(answerLineLimit({ type: 'forward', request: invalid }, 'json', 64 * MiB)).toBe(64 * MiB);
    const small = answerLineLimit({ type: 'forward', request: smallRequest() }, 'json', 64 * MiB);
    expect(small).toBe(64 * MiB);
    const huge = { ...smallRequest(), kwargs: { input_size: 3, hidden_size: 1e9, num_layers: 1e6 } };
    expect(answerLineLimit({ type: 'forward', request: huge }, 'json', 64 * MiB)).toBe(LONGEST_LINE_BYTES);
  });

  it('gru.shape.output-batched: the big call allows more than 64 MiB, and less than 1.1 x its base64 answer', () => {
    const shapeOnly = { ...bigRequest(), parameters: {} } as GruRequest;
    const limit = answerLineLimit({ type: 'forward', request: shapeOnly }, 'base64-f64le', 64 * MiB);
    const values =
      BIG_CALL.steps * BIG_CALL.batch * BIG_CALL.hidden_size + BIG_CALL.batch * BIG_CALL.hidden_size;
    expect(limit).toBeGreaterThan(64 * MiB);
    expect(limit).toBeLessThan(((1.1 * 8 * 4) / 3) * values * 2 * 2); // D <= 2 and h_n bounded by rows
  });
});

describe('a call past 64 MiB over the protocol', () => {
  const open: Implementation[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((impl) => impl.close?.()));
  });
  const shapesOnly = ['node', fixture('serve-module.mjs'), fixture('shapes-only.mjs')];

  it('gru.shape.output-batched: the big call (512/512/64/500) completes with the default line limit', async () => {
    const impl = await spawnImplementation(shapesOnly, { timeoutMs: 120_000 });
    open.push(impl);
    const { output, h_n } = await impl.forward(bigRequest());
    expect(output.shape).toEqual([BIG_CALL.steps, BIG_CALL.batch, BIG_CALL.hidden_size]);
    expect(h_n.shape).toEqual([1, BIG_CALL.batch, BIG_CALL.hidden_size]);
    expect(output.data.every((v) => v === 0.5)).toBe(true);
  });
});

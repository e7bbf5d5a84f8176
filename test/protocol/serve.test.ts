// serve() in process, over in-memory streams: one answer per request, rejected calls and malformed
// requests become error responses, and nothing crashes it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Implementation } from '../../harness/implementation.js';
import { oracleImplementation } from '../../harness/implementations/oracle.js';
import { serve } from '../../harness/protocol/serve.js';
import { encodeMessage } from '../../harness/protocol/wire.js';
import { smallRequest } from './requests.js';

/** Feeds the lines to serve(impl) and returns the parsed answers once it has finished. */
async function exchange(lines: string[], impl: Implementation = oracleImplementation): Promise<unknown[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  const done = serve(impl, input, output);
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

const HELLO = '{"type":"hello","protocol":"gru-conformance/1"}';

describe('serve()', () => {
  it('gru.eq.new-gate: answers hello, then forward requests with their ids, and stops at bye', async () => {
    const forward = (id: number) => encodeMessage({ type: 'forward', id, request: smallRequest() });
    const answers = await exchange([HELLO, forward(1), forward(2), '{"type":"bye"}', forward(3)]);
    expect(answers).toMatchObject([
      {
        type: 'hello',
        protocol: 'gru-conformance/1',
        name: oracleImplementation.name,
        capabilities: { init: false, dtypes: ['float32', 'float64'] },
      },
      { type: 'result', id: 1, output: { dtype: 'float64', shape: [5, 2, 4] } },
      { type: 'result', id: 2 },
    ]);
    expect(answers).toHaveLength(3);
  });

  it('gru.err.input-features: a GruSpecError becomes an error response carrying its clause', async () => {
    const request = { ...smallRequest(), kwargs: { input_size: 5, hidden_size: 4 } };
    const [answer] = await exchange([encodeMessage({ type: 'forward', id: 9, request })]);
    expect(answer).toMatchObject({ type: 'error', id: 9, error: { clause: 'gru.param.shapes' } });
    const features = smallRequest({ input_size: 2 });
    const wrong = { ...features, kwargs: { ...features.kwargs, input_size: 2 }, input: smallRequest().input };
    const [second] = await exchange([encodeMessage({ type: 'forward', id: 10, request: wrong })]);
    expect(second).toMatchObject({ type: 'error', id: 10, error: { clause: 'gru.err.input-features' } });
  });

  it('gru.shape.input-batched: malformed requests get error responses, with the id when it can be read', async () => {
    const answers = await exchange([
      'not json',
      '{"type":"forward","id":5,"kwargs":{},"dtype":"float64","parameters":{},"input":{"dtype":"float64","shape":[2],"data":[1]}}',
      '{"type":"teleport","id":6}',
      '{"type":"hello","protocol":"gru-conformance/999"}',
      '{"type":"init","id":7,"kwargs":{},"dtype":"float64","seed":1}',
      '',
      HELLO,
    ]);
    expect(answers).toMatchObject([
      { type: 'error', id: null, error: { message: expect.stringContaining('not a JSON line') } },
      { type: 'error', id: 5, error: { message: expect.stringContaining('input.data') } },
      { type: 'error', id: 6, error: { message: expect.stringContaining('message.type') } },
      { type: 'error', id: null, error: { message: expect.stringContaining('gru-conformance/999') } },
      { type: 'error', id: 7, error: { message: expect.stringContaining('does not initialise') } },
      { type: 'hello' },
    ]);
  });

  it('gru.eq.new-gate: an implementation that throws a plain error or returns garbage does not stop serve()', async () => {
    let calls = 0;
    const flaky: Implementation = {
      name: 'flaky',
      forward(r) {
        calls += 1;
        if (calls === 1) throw new Error('plain failure');
        if (calls === 2) return { output: null, h_n: null } as never;
        return oracleImplementation.forward(r);
      },
    };
    const line = (id: number) => encodeMessage({ type: 'forward', id, request: smallRequest() });
    const answers = await exchange([line(1), line(2), line(3)], flaky);
    expect(answers).toMatchObject([
      { type: 'error', id: 1, error: { message: 'plain failure' } },
      { type: 'error', id: 2 },
      { type: 'result', id: 3 },
    ]);
    expect((answers[0] as { error: object }).error).not.toHaveProperty('clause');
  });
});

// serve() in process, over in-memory streams: one answer per request, rejected calls and malformed
// requests become error responses, and nothing crashes it.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { type ServeOptions, serve } from '../../harness/protocol/serve.js';
import { decodeImplementationMessage, encodeMessage } from '../../harness/protocol/wire.js';
import { gruForward } from '../../oracle/index.js';
import { smallRequest } from './requests.js';

/** Feeds the lines to serve(impl) and returns the parsed answers once it has finished. */
async function exchange(
  lines: string[],
  impl: Implementation = oracleImplementation,
  options: ServeOptions = {},
): Promise<unknown[]> {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  const done = serve(impl, input, output, options);
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

const HELLO = '{"type":"hello","protocol":"gru-conformance/1"}';
const V1 = 'gru-conformance/1';
const V2 = 'gru-conformance/2';
const offer = (versions: string[], encodings?: string[]) =>
  JSON.stringify({ type: 'hello', protocol: V1, versions, encodings });

describe('serve()', () => {
  it('gru.eq.new-gate: answers hello, then forward requests with their ids, and stops at bye', async () => {
    const forward = (id: number) => encodeMessage({ type: 'forward', id, request: smallRequest() });
    const answers = await exchange([HELLO, forward(1), forward(2), '{"type":"bye"}', forward(3)]);
    expect(answers).toMatchObject([
      {
        type: 'hello',
        protocol: 'gru-conformance/1',
        name: oracleImplementation.name,
        capabilities: { init: false, dtypes: ['float32', 'float64', 'float16', 'bfloat16'] },
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

describe('serve(): versions and encodings', () => {
  const forward = (id: number, encoding: 'json' | 'base64-f64le' = 'json') =>
    encodeMessage({ type: 'forward', id, request: smallRequest() }, encoding);

  it('gru.eq.new-gate: offered version 2 and base64-f64le, it answers version 2 and writes base64 tensors', async () => {
    const [hello, json, binary] = await exchange([
      offer([V1, V2], ['base64-f64le', 'json']),
      forward(1),
      forward(2, 'base64-f64le'),
    ]);
    expect(hello).toMatchObject({ type: 'hello', protocol: V2, encoding: 'base64-f64le' });
    const want = gruForward(
      smallRequest().kwargs,
      smallRequest().parameters,
      smallRequest().input,
      smallRequest().hx,
    );
    for (const answer of [json, binary]) {
      expect(answer).toMatchObject({ type: 'result', output: { base64: expect.any(String) } });
      expect(answer).not.toHaveProperty('output.data');
      const decoded = decodeImplementationMessage(JSON.stringify(answer));
      expect(decoded.type === 'result' && decoded.response).toEqual({ output: want.output, h_n: want.h_n });
    }
  });

  it('gru.eq.new-gate: a version-1 hello (no versions) gets version 1 and JSON numbers', async () => {
    const [hello, result] = await exchange([HELLO, forward(1, 'base64-f64le')]);
    expect(hello).toMatchObject({ protocol: V1 });
    expect(hello).not.toHaveProperty('encoding');
    expect(result).toMatchObject({ type: 'result', output: { data: expect.any(Array) } });
  });

  it('gru.eq.new-gate: with version 2 switched off it answers version 1 even when version 2 is offered', async () => {
    const [hello, result] = await exchange(
      [offer([V1, V2], ['base64-f64le']), forward(1)],
      oracleImplementation,
      {
        versions: [V1],
      },
    );
    expect(hello).toMatchObject({ protocol: V1 });
    expect(result).toMatchObject({ output: { data: expect.any(Array) } });
  });

  it('gru.eq.new-gate: no encoding in common means version 1; json offered alone means version 2 with json', async () => {
    const [unknown] = await exchange([offer([V1, V2], ['base64-f16le'])]);
    expect(unknown).toMatchObject({ protocol: V1 });
    const [json, result] = await exchange([offer([V1, V2], ['json']), forward(1)]);
    expect(json).toMatchObject({ protocol: V2, encoding: 'json' });
    expect(result).toMatchObject({ output: { data: expect.any(Array) } });
    const [refused] = await exchange([offer([V1], ['json'])], oracleImplementation, { versions: [V2] });
    expect(refused).toMatchObject({
      type: 'error',
      id: null,
      error: { message: expect.stringContaining(V2) },
    });
  });

  it('gru.eq.new-gate: unknown fields in the hello and in a request are ignored (version 2 rule)', async () => {
    const hello = JSON.stringify({
      ...JSON.parse(offer([V1, V2, 'gru-conformance/7'], ['base64-f64le'])),
      wishes: { cell: true },
    });
    const request = JSON.parse(forward(1, 'base64-f64le'));
    request.futureField = { anything: [1, 2] };
    request.input.futureTensorField = 'x';
    const [answered, result] = await exchange([hello, JSON.stringify(request)]);
    expect(answered).toMatchObject({ protocol: V2, encoding: 'base64-f64le' });
    expect(result).toMatchObject({ type: 'result', id: 1 });
  });
});

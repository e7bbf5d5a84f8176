// Gradients over the protocol (capability `backward`, version 2): the messages round-trip exactly, serve()
// answers them only in version 2, a subprocess and a worker thread get backward only when it is declared, and a
// hostile backward (throwing, hanging, wrong names or shapes, a value that is not a tensor) is a reported
// failure of the call, never a harness crash.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import { gradRequest, SMALL_GRAD_CASE } from '../../harness/cases/grad-case.js';
import { withTimeout } from '../../harness/cli/load.js';
import type { GruBackwardRequest } from '../../harness/contract/backward-request.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { implementationProblems } from '../../harness/contract/implementation-shape.js';
import { safeBackwardCall } from '../../harness/contract/safe-backward-call.js';
import { isolatedImplementation } from '../../harness/isolation/worker-implementation.js';
import { serve } from '../../harness/protocol/serve.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import {
  decodeHarnessMessage,
  decodeImplementationMessage,
  encodeMessage,
  PROTOCOL,
  PROTOCOL_V2,
} from '../../harness/protocol/wire.js';
import { fixture, ROOT } from './requests.js';

const example = javascriptExample as Implementation;
const EXAMPLE_PATH = join(ROOT, 'examples', 'js', 'gru.js');

async function exchange(lines: string[], impl: Implementation = example): Promise<unknown[]> {
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
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

const hello = (versions: string[]) =>
  JSON.stringify({ type: 'hello', protocol: PROTOCOL, versions, encodings: ['base64-f64le', 'json'] });

const small = (with_: Partial<typeof SMALL_GRAD_CASE> = {}): GruBackwardRequest =>
  gradRequest({ ...SMALL_GRAD_CASE, ...with_ });

describe('gradients over the protocol', () => {
  it.each(['json', 'base64-f64le'] as const)(
    'gru.grad.protocol-backward: backward requests and gradients answers round-trip bit for bit (%s)',
    async (encoding) => {
      for (const request of [
        small(),
        small({ upstream: 'h_n', hxGiven: false }),
        small({ num_layers: 2, dropout: 0.5, train: true }),
      ]) {
        const decoded = decodeHarnessMessage(encodeMessage({ type: 'backward', id: 4, request }, encoding));
        expect(decoded).toEqual({
          type: 'backward',
          id: 4,
          request: { ...request, hx: request.hx ?? null },
        });
        const response = await example.backward!(request);
        const answer = decodeImplementationMessage(
          encodeMessage({ type: 'gradients', id: 4, response }, encoding),
        );
        expect(answer).toEqual({ type: 'gradients', id: 4, response });
      }
    },
  );

  it('gru.grad.protocol-backward: serve() declares backward and answers it in version 2 only', async () => {
    const request = small();
    const line = encodeMessage({ type: 'backward', id: 1, request });
    const [v2Hello, gradients] = await exchange([hello([PROTOCOL, PROTOCOL_V2]), line]);
    expect(v2Hello).toMatchObject({ protocol: PROTOCOL_V2, capabilities: { backward: true } });
    expect(gradients).toMatchObject({ type: 'gradients', id: 1 });
    const [v1Hello, refused] = await exchange([hello([PROTOCOL]), line]);
    expect((v1Hello as { capabilities: object }).capabilities).not.toHaveProperty('backward');
    expect(refused).toMatchObject({ type: 'error', id: 1 });
    expect((refused as { error: { message: string } }).error.message).toContain('gru-conformance/2');
  });

  it('gru.grad.protocol-backward: an implementation without backward is refused a backward request', async () => {
    const { backward: _dropped, ...plain } = example;
    const [h, answer] = await exchange(
      [hello([PROTOCOL_V2]), encodeMessage({ type: 'backward', id: 3, request: small() })],
      { ...plain, capabilities: { trainMasks: true } },
    );
    expect((h as { capabilities: object }).capabilities).not.toHaveProperty('backward');
    expect(answer).toMatchObject({ type: 'error', id: 3 });
  });

  it('gru.grad.protocol-backward: declaring backward without a backward function is a named load error', () => {
    const { backward: _dropped, ...plain } = example;
    expect(implementationProblems({ ...plain, capabilities: { backward: true } })).toContain(
      'capabilities.backward is true but there is no backward(request) function',
    );
    expect(implementationProblems({ ...plain, capabilities: { backward: 'yes' } })).toContain(
      "capabilities.backward must be true or false, got 'yes'",
    );
  });

  describe('a hostile backward', () => {
    const request = small({ hxGiven: true });
    const hostile = (backward: Implementation['backward']): Implementation => ({
      ...example,
      backward,
    });
    type Case = [string, (r: GruBackwardRequest) => unknown, string, string];
    it.each<Case>([
      ['a throw', () => Promise.reject(new Error('boom')), 'rejected', 'boom'],
      ['no object', () => 42, 'failure', 'not {gradients}'],
      ['gradients missing', () => ({}), 'failure', 'gradients is'],
      [
        'a missing name',
        async () => {
          const { gradients } = await example.backward!(request);
          const { hx: _gone, ...rest } = gradients;
          return { gradients: rest };
        },
        'failure',
        'missing hx',
      ],
      [
        'an extra name',
        async () => {
          const { gradients } = await example.backward!(request);
          return { gradients: { ...gradients, weight: gradients.input } };
        },
        'failure',
        'unexpected weight',
      ],
      [
        'a transposed weight gradient',
        async () => {
          const { gradients } = await example.backward!(request);
          const w = gradients.weight_hh_l0;
          return { gradients: { ...gradients, weight_hh_l0: { ...w, shape: [...w.shape].reverse() } } };
        },
        'failure',
        'weight_hh_l0 has shape [4,12]',
      ],
      [
        'a value that is not a number',
        async () => {
          const { gradients } = await example.backward!(request);
          return { gradients: { ...gradients, input: { ...gradients.input, data: ['x'] } } };
        },
        'failure',
        'input:',
      ],
    ])('gru.grad.protocol-backward: %s is reported, not thrown', async (_what, fn, kind, text) => {
      const o = await safeBackwardCall(hostile(fn as never), request);
      expect(o.kind).toBe(kind);
      expect((o as { message: string }).message).toContain(text);
    });

    it('gru.grad.protocol-backward: a backward that never answers is a timeout failure', async () => {
      const hanging = withTimeout(
        hostile(() => new Promise(() => undefined)),
        200,
      );
      const o = await safeBackwardCall(hanging, request);
      expect(o.kind).toBe('failure');
      expect((o as { message: string }).message).toContain('backward did not answer within 200 ms');
    });

    it('gru.grad.protocol-backward: NaN gradients are read as values (the judge fails them)', async () => {
      const o = await safeBackwardCall(
        hostile(async (r) => {
          const { gradients } = await example.backward!(r);
          return {
            gradients: {
              ...gradients,
              input: { ...gradients.input, data: gradients.input.data.map(() => Number.NaN) },
            },
          };
        }),
        request,
      );
      expect(o.kind).toBe('result');
      if (o.kind === 'result') expect(Number.isNaN(o.response.gradients.input.data[0])).toBe(true);
    });

    it('gru.grad.protocol-backward: the implementation gets a copy; the request is untouched', async () => {
      const before = structuredClone(request);
      await safeBackwardCall(
        hostile((r) => {
          r.input.data.fill(7);
          r.upstream.output?.data.fill(7);
          return example.backward!(small({ hxGiven: true }));
        }),
        request,
      );
      expect(request).toEqual(before);
    });
  });

  describe('through a subprocess and a worker thread', () => {
    let served: Implementation;
    let isolated: Implementation;
    let v1: Implementation;
    beforeAll(async () => {
      served = await spawnImplementation(['node', fixture('serve-module.mjs'), EXAMPLE_PATH], {
        timeoutMs: 20_000,
      });
      isolated = await isolatedImplementation(EXAMPLE_PATH, { timeoutMs: 20_000 });
      v1 = await spawnImplementation(['node', fixture('serve-oracle.mjs'), 'v1'], { timeoutMs: 20_000 });
    });
    afterAll(async () => {
      await served?.close?.();
      await isolated?.close?.();
      await v1?.close?.();
    });

    it('gru.grad.protocol-backward: served and isolated, the example answers exactly as in process', async () => {
      for (const request of [
        small(),
        small({ batched: false, hxGiven: false, upstream: 'output' }),
        small({ num_layers: 3, bidirectional: true, dropout: 0.25, train: true, dtype: 'float32' }),
      ]) {
        const want = await example.backward!(request);
        expect(await served.backward!(request)).toEqual(want);
        expect(await isolated.backward!(request)).toEqual(want);
      }
    });

    it('gru.grad.protocol-backward: a rejected backward keeps its clause across the protocol', async () => {
      const request = small();
      const bad = { ...request, upstream: { ...request.upstream, h_n: request.input } };
      const o = await safeBackwardCall(served, bad);
      const inProcess = await safeBackwardCall(example, bad);
      expect(inProcess).toMatchObject({ kind: 'rejected', clause: expect.any(String) });
      expect(o).toEqual(inProcess);
    });

    it('gru.grad.protocol-backward: a version-1 implementation gets no backward and no backward capability', () => {
      expect(v1.backward).toBeUndefined();
      expect(v1.capabilities?.backward).toBeFalsy();
    });
  });
});

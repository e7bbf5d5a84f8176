// The hello settles the version and the tensor encoding: a version-1 implementation gets JSON numbers and
// keeps working unchanged, a version-2 one gets the encoding it asked for among those offered, and a hello
// answer the harness cannot honour fails the start with a protocol failure that says why.
import { afterEach, describe, expect, it } from 'vitest';
import type { Implementation } from '../../harness/contract/implementation.js';
import {
  ImplementationFailure,
  type SpawnOptions,
  type SubprocessImplementation,
  spawnImplementation,
} from '../../harness/protocol/subprocess.js';
import { gruForward, type Tensor, tensor } from '../../oracle/index.js';
import { fixture, ORACLE_SERVE, smallRequest } from './requests.js';

const open: Implementation[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((impl) => impl.close?.()));
});

async function speaker(mode: string, options: SpawnOptions = {}): Promise<SubprocessImplementation> {
  const impl = await spawnImplementation(['node', fixture('speaker.mjs'), mode], {
    timeoutMs: 10_000,
    ...options,
  });
  open.push(impl);
  return impl;
}

/** The start's failure (or a failed test if it starts). */
async function refused(mode: string, options: SpawnOptions = {}): Promise<ImplementationFailure> {
  const error = await speaker(mode, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImplementationFailure);
  return error as ImplementationFailure;
}

const ODD = [
  -0,
  0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  5e-324,
  -2.2250738585072014e-308,
];
const sameBits = (a: Tensor, b: Tensor) =>
  a.dtype === b.dtype &&
  a.shape.join() === b.shape.join() &&
  a.data.length === b.data.length &&
  a.data.every((v, i) => Object.is(v, b.data[i]));

/** Sends a request whose input is the odd values and checks that the echo brings them back bit for bit. */
async function echoesExactly(impl: Implementation): Promise<void> {
  for (const dtype of ['float64', 'float32'] as const) {
    const input = tensor(dtype, [ODD.length, 1, 1], dtype === 'float32' ? ODD.map(Math.fround) : ODD);
    const { output, h_n } = await impl.forward({ ...smallRequest(), dtype, input, hx: null });
    expect(sameBits(output, input)).toBe(true);
    expect(sameBits(h_n, input)).toBe(true);
  }
}

describe('the hello negotiation', () => {
  it('gru.num.tolerance: the harness hello names version 1 and offers version 2 and both encodings', async () => {
    const impl = await speaker('v1');
    expect(JSON.parse(impl.version!)).toEqual({
      type: 'hello',
      protocol: 'gru-conformance/1',
      versions: ['gru-conformance/1', 'gru-conformance/2'],
      encodings: ['base64-f64le', 'json'],
    });
  });

  it('gru.num.tolerance: a version-1 implementation (JSON numbers only) keeps working, values exact', async () => {
    const impl = await speaker('v1');
    expect([impl.protocol, impl.encoding]).toEqual(['gru-conformance/1', 'json']);
    await echoesExactly(impl);
  });

  it('gru.num.tolerance: a version-2 implementation gets base64 tensors both ways, values exact', async () => {
    const impl = await speaker('v2');
    expect([impl.protocol, impl.encoding]).toEqual(['gru-conformance/2', 'base64-f64le']);
    await echoesExactly(impl); // the speaker rejects any tensor that is not base64
  });

  it('gru.num.tolerance: version 2 without an encoding, or with json offered alone, means JSON numbers', async () => {
    const plain = await speaker('v2-json');
    expect([plain.protocol, plain.encoding]).toEqual(['gru-conformance/2', 'json']);
    await echoesExactly(plain);
    const jsonOnly = await speaker('v2', { encodings: ['json'] });
    expect(JSON.parse(jsonOnly.version!).encodings).toEqual(['json']);
    expect([jsonOnly.protocol, jsonOnly.encoding]).toEqual(['gru-conformance/2', 'json']);
    await echoesExactly(jsonOnly);
  });

  it('gru.num.tolerance: an implementation asking for an encoding the harness did not offer is refused', async () => {
    const f32 = await refused('v2-f32');
    expect(f32.kind).toBe('protocol');
    expect(f32.message).toContain(
      'asked for the tensor encoding "base64-f32le"; the harness offered base64-f64le, json',
    );
    const insist = await refused('v2-insist', { encodings: ['json'] });
    expect(insist.message).toContain(
      'asked for the tensor encoding "base64-f64le"; the harness offered json',
    );
  });

  it('gru.num.tolerance: an implementation answering a version the harness does not speak is refused', async () => {
    const failure = await refused('v3');
    expect(failure.kind).toBe('protocol');
    expect(failure.message).toContain(
      'speaks gru-conformance/3, the harness speaks gru-conformance/1, gru-conformance/2',
    );
  });

  it.each([
    ['bad-base64', /output.base64 \(shape \[7,1,1\]\): not base64: character 0 is "!"/],
    ['short-base64', /output.base64 \(shape \[7,1,1\]\): 7 float64 values need 56 bytes .* got 48 bytes/],
  ])(
    'gru.num.tolerance: a result with %s fails that request as a protocol failure naming the field',
    async (mode, message) => {
      const impl = await speaker(mode);
      const input = tensor('float64', [ODD.length, 1, 1], ODD);
      const error = await Promise.resolve(impl.forward({ ...smallRequest(), input, hx: null })).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ImplementationFailure);
      expect((error as ImplementationFailure).kind).toBe('protocol');
      expect((error as Error).message).toMatch(message);
    },
  );
});

describe('the oracle served as a version-1 implementation (serve() with version 2 switched off)', () => {
  it('gru.eq.new-gate: JSON numbers end to end give bit-identical results to the in-process oracle', async () => {
    const served = await spawnImplementation([...ORACLE_SERVE, 'v1'], { timeoutMs: 20_000 });
    open.push(served);
    expect([served.protocol, served.encoding]).toEqual(['gru-conformance/1', 'json']);
    for (const request of [smallRequest(), smallRequest({ bidirectional: true, num_layers: 2, seed: 3 })]) {
      const want = gruForward(request.kwargs, request.parameters, request.input, request.hx);
      const got = await served.forward(request);
      expect(sameBits(got.output, want.output)).toBe(true);
      expect(sameBits(got.h_n, want.h_n)).toBe(true);
    }
  });
});

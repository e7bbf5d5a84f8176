// The wire format carries every value exactly (-0, NaN, infinities, subnormals, float32 values) and
// rejects malformed tensors with an error that names the field.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  decodeHarnessMessage,
  decodeImplementationMessage,
  decodeTensor,
  encodeLine,
  encodeMessage,
  encodeTensor,
} from '../../harness/protocol/wire.js';
import { type DType, roundToDtype, tensor } from '../../oracle/index.js';
import { smallRequest } from './requests.js';

const roundTrip = (data: number[], dtype: DType = 'float64') =>
  decodeTensor(JSON.parse(encodeTensor(tensor(dtype, [data.length], data))), 't').data;

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('wire: numbers and tensors', () => {
  it('gru.num.tolerance: -0, NaN, infinities, subnormals and extremes round-trip bit for bit', () => {
    const values = [
      -0,
      0,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072014e-308,
      2.225073858507201e-308,
      Number.MAX_VALUE,
      Number.EPSILON,
      0.1,
      1 / 3,
      1e21,
      -1e-7,
      2 ** 53 + 2,
    ];
    expect(sameBits(roundTrip(values), values)).toBe(true);
  });

  it('gru.num.tolerance: -0 is written -0.0, which JSON readers in other languages keep negative', () => {
    expect(encodeTensor(tensor('float64', [2], [-0, 0]))).toBe(
      '{"dtype":"float64","shape":[2],"data":[-0.0,0]}',
    );
  });

  test.prop([fc.array(fc.double(), { maxLength: 40 })])(
    'gru.num.tolerance: any float64 array round-trips exactly',
    (values) => {
      expect(sameBits(roundTrip(values), values)).toBe(true);
    },
  );

  test.prop([fc.array(fc.float(), { maxLength: 40 })])(
    'gru.dtype.float64-reference: float32 values travel as the doubles they equal, unchanged',
    (values) => {
      const back = roundTrip(values, 'float32');
      expect(sameBits(back, values)).toBe(true);
      expect(Array.from(back).every((v) => Object.is(Math.fround(v), v))).toBe(true);
    },
  );

  test.prop([fc.array(fc.double(), { maxLength: 40 }), fc.constantFrom<DType>('float16', 'bfloat16')])(
    'gru.dtype.half-formats: float16 and bfloat16 values travel as the doubles they equal, with their dtype',
    (raw, dtype) => {
      const values = raw.map((v) => roundToDtype(dtype, v));
      const t = decodeTensor(JSON.parse(encodeTensor(tensor(dtype, [values.length], values))), 't');
      expect(t.dtype).toBe(dtype);
      expect(sameBits(t.data, values)).toBe(true);
    },
  );

  it('gru.shape.batch-zero: an empty tensor keeps its shape', () => {
    const t = decodeTensor(JSON.parse(encodeTensor(tensor('float32', [5, 0, 4]))), 'output');
    expect(t).toEqual({ dtype: 'float32', shape: [5, 0, 4], data: new Float64Array(0) });
  });

  it.each([
    [{ dtype: 'float8', shape: [1], data: [1] }, 'output.dtype'],
    [{ dtype: 'float64', shape: [2, -1], data: [] }, 'output.shape'],
    [{ dtype: 'float64', shape: [2, 2], data: [1, 2, 3] }, 'output.data: shape [2,2] needs 4 values, got 3'],
    [{ dtype: 'float64', shape: [2], data: [1, 'nan'] }, 'output.data[1]'],
    [{ dtype: 'float64', shape: [1], data: [null] }, 'output.data[0]'],
    [{ dtype: 'float64', shape: [1] }, 'output.data'],
    [[1, 2], 'output: expected an object'],
  ])('gru.shape.output-batched: decoding %j fails naming %s', (value, field) => {
    expect(() => decodeTensor(value, 'output')).toThrow(field);
  });
});

describe('wire: messages', () => {
  it('gru.eq.new-gate: a forward request decodes to the request that was encoded', () => {
    const request = smallRequest({ bidirectional: true, omitDefaults: false, dtype: 'float32' });
    const decoded = decodeHarnessMessage(encodeMessage({ type: 'forward', id: 3, request }));
    expect(decoded).toEqual({ type: 'forward', id: 3, request: { ...request, hx: request.hx ?? null } });
  });

  it('gru.default.hx-zeros: an omitted hx is written as null', () => {
    const request = smallRequest({ hxGiven: false });
    const line = encodeMessage({ type: 'forward', id: 1, request });
    expect(JSON.parse(line).hx).toBeNull();
    expect(decodeHarnessMessage(line)).toMatchObject({ request: { hx: null } });
  });

  it('gru.err.dropout-range: a NaN kwarg travels tagged as {"$float": "NaN"}, a string stays a string', () => {
    const request = {
      ...smallRequest(),
      kwargs: { input_size: 3, hidden_size: 4, dropout: Number.NaN, x: 'NaN' },
    };
    const line = encodeMessage({ type: 'forward', id: 1, request });
    expect(JSON.parse(line).kwargs).toEqual({
      input_size: 3,
      hidden_size: 4,
      dropout: { $float: 'NaN' },
      x: 'NaN',
    });
    const decoded = decodeHarnessMessage(line);
    expect(decoded.type === 'forward' && decoded.request.kwargs).toEqual(request.kwargs);
  });

  it('gru.err.input-features: an error response keeps its message and clause; the clause is optional', () => {
    const line = '{"type":"error","id":4,"error":{"message":"bad","clause":"gru.err.input-features"}}';
    expect(decodeImplementationMessage(line)).toEqual({
      type: 'error',
      id: 4,
      error: { message: 'bad', clause: 'gru.err.input-features' },
    });
    expect(decodeImplementationMessage('{"type":"error","id":null,"error":{"message":"m"}}')).toEqual({
      type: 'error',
      id: null,
      error: { message: 'm' },
    });
  });

  it.each([
    ['not json', 'not a JSON line'],
    ['[1]', 'message: expected an object'],
    ['{"type":"result","id":"1"}', 'id: expected a non-negative integer'],
    ['{"type":"result","id":1,"output":{}}', 'output.dtype'],
    ['{"type":"maybe"}', 'message.type'],
    ['{"type":"hello","protocol":"gru-conformance/1"}', 'name: expected a string'],
    [
      '{"type":"hello","protocol":"gru-conformance/2","name":"x","encoding":7}',
      'encoding: expected a string',
    ],
  ])('gru.shape.output-batched: the implementation line %s is rejected (%s)', (line, problem) => {
    expect(() => decodeImplementationMessage(line)).toThrow(problem);
  });
});

describe('wire: the hello of version 2', () => {
  it('gru.num.tolerance: the harness hello carries its versions and encodings; the answer its encoding', () => {
    const hello =
      '{"type":"hello","protocol":"gru-conformance/1","versions":["gru-conformance/1","gru-conformance/2"],"encodings":["base64-f64le","json"],"later":{"x":1}}';
    expect(decodeHarnessMessage(hello)).toEqual({
      type: 'hello',
      protocol: 'gru-conformance/1',
      versions: ['gru-conformance/1', 'gru-conformance/2'],
      encodings: ['base64-f64le', 'json'],
    });
    const answer =
      '{"type":"hello","protocol":"gru-conformance/2","encoding":"base64-f64le","name":"x","capabilities":{"later":true}}';
    expect(decodeImplementationMessage(answer)).toMatchObject({
      protocol: 'gru-conformance/2',
      encoding: 'base64-f64le',
    });
  });

  it.each([
    ['{"type":"hello","protocol":"gru-conformance/2","name":"x"}', ['float32', 'float64']],
    ['{"type":"hello","protocol":"gru-conformance/2","name":"x","capabilities":{}}', ['float32', 'float64']],
    [
      '{"type":"hello","protocol":"gru-conformance/2","name":"x","capabilities":{"dtypes":["bfloat16","float16"]}}',
      ['bfloat16', 'float16'],
    ],
  ])('gru.dtype.half-formats: an answer %s computes %j (half precision only when listed)', (line, dtypes) => {
    expect(decodeImplementationMessage(line)).toMatchObject({ capabilities: { dtypes } });
  });

  it('gru.dtype.half-formats: an unknown dtype in the capabilities is an error naming it', () => {
    const line =
      '{"type":"hello","protocol":"gru-conformance/2","name":"x","capabilities":{"dtypes":["float8"]}}';
    expect(() => decodeImplementationMessage(line)).toThrow('capabilities.dtypes[0]');
  });

  it.each([
    [
      '{"type":"hello","protocol":"gru-conformance/1","versions":"gru-conformance/2"}',
      'versions: expected an array of strings',
    ],
    [
      '{"type":"hello","protocol":"gru-conformance/1","encodings":[1]}',
      'encodings: expected an array of strings',
    ],
  ])('gru.num.tolerance: the harness hello %s is rejected (%s)', (line, problem) => {
    expect(() => decodeHarnessMessage(line)).toThrow(problem);
  });

  it('gru.eq.new-gate: a forward request in base64 decodes to the request that was encoded, train masks included', () => {
    const request = smallRequest({ num_layers: 2, omitDefaults: false, dtype: 'float32' });
    const masks = [
      tensor(
        'float32',
        [5, 2, 4],
        Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0 : 2)),
      ),
    ];
    const line = encodeMessage(
      { type: 'forward', id: 3, request: { ...request, dropoutMasks: masks } },
      'base64-f64le',
    );
    expect(line).not.toContain('"data"');
    expect(decodeHarnessMessage(line)).toEqual({
      type: 'forward',
      id: 3,
      request: { ...request, hx: request.hx ?? null, dropoutMasks: masks },
    });
  });
});

describe('wire: variable-length sequences', () => {
  const packed = { batchSizes: [2, 1, 1], sortedIndices: [1, 0], unsortedIndices: [1, 0] };
  const lengths = { lengths: [1, 3], enforceSorted: false };

  it.each(['json', 'base64-f64le'] as const)(
    'gru.packed.pack: packed and sequenceLengths fields decode to what was encoded (%s)',
    (encoding) => {
      const request = smallRequest();
      for (const extra of [
        { packed },
        { packed: { ...packed, sortedIndices: null, unsortedIndices: null } },
        { sequenceLengths: lengths },
      ]) {
        const line = encodeMessage({ type: 'forward', id: 2, request: { ...request, ...extra } }, encoding);
        expect(decodeHarnessMessage(line)).toEqual({
          type: 'forward',
          id: 2,
          request: { ...request, hx: request.hx ?? null, ...extra },
        });
      }
    },
  );

  it('gru.packed.pack: a request without them carries neither field', () => {
    const line = encodeMessage({ type: 'forward', id: 1, request: smallRequest() });
    expect(Object.keys(JSON.parse(line))).not.toContain('packed');
    expect(Object.keys(JSON.parse(line))).not.toContain('sequenceLengths');
  });

  it.each([
    [
      '"packed":{"batchSizes":[2,1.5],"sortedIndices":null,"unsortedIndices":null}',
      'packed.batchSizes: expected an array of integers',
    ],
    ['"packed":{"batchSizes":[2,1],"sortedIndices":[1,0],"unsortedIndices":null}', 'both given or both null'],
    ['"packed":[2,1]', 'packed: expected an object'],
    [
      '"sequenceLengths":{"lengths":[3,"1"],"enforceSorted":true}',
      'sequenceLengths.lengths: expected an array of integers',
    ],
    ['"sequenceLengths":{"lengths":[3,1]}', 'sequenceLengths.enforceSorted: expected a boolean'],
  ])('gru.packed.pack: a forward request with %s is rejected (%s)', (field, problem) => {
    const line = encodeMessage({ type: 'forward', id: 1, request: smallRequest() });
    expect(() => decodeHarnessMessage(`${line.slice(0, -1)},${field}}`)).toThrow(problem);
  });

  it('gru.packed.output: the hello declares either form as a boolean, absent meaning not taken', () => {
    const hello = (caps: string) =>
      decodeImplementationMessage(
        `{"type":"hello","protocol":"gru-conformance/2","name":"x","capabilities":${caps}}`,
      );
    expect(hello('{"packed":true,"sequenceLengths":false}')).toMatchObject({
      capabilities: { packed: true },
    });
    const neither = hello('{}');
    expect(
      neither.type === 'hello' && [neither.capabilities.packed, neither.capabilities.sequenceLengths],
    ).toEqual([undefined, undefined]);
    expect(() => hello('{"sequenceLengths":"yes"}')).toThrow(
      'capabilities.sequenceLengths: expected a boolean',
    );
  });
});

describe('wire: lines as bytes', () => {
  it.each(['json', 'base64-f64le'] as const)(
    'gru.eq.new-gate: encodeLine gives the UTF-8 bytes of encodeMessage plus a newline (%s)',
    (encoding) => {
      const base = smallRequest({ num_layers: 2, bidirectional: true, omitDefaults: false });
      const request = {
        ...base,
        kwargs: { ...base.kwargs, 'naïve ✓': 'ünï' },
        dropoutMasks: [tensor('float64', [5, 2, 8]), tensor('float64', [5, 2, 8])],
      };
      const messages = [
        { type: 'forward' as const, id: 7, request },
        { type: 'forward' as const, id: 8, request: { ...smallRequest({ hxGiven: false }), parameters: {} } },
        { type: 'result' as const, id: 9, response: { output: request.input, h_n: request.input } },
        { type: 'parameters' as const, id: 10, parameters: request.parameters },
        { type: 'error' as const, id: 11, error: { message: 'größe ✓' } },
      ];
      for (const m of messages) {
        expect(encodeLine(m, encoding).equals(Buffer.from(`${encodeMessage(m, encoding)}\n`))).toBe(true);
        expect(() => JSON.parse(encodeMessage(m, encoding))).not.toThrow();
      }
    },
  );
});

// The cell over the protocol (capability `cell`, version 2): its messages round-trip exactly, serve() answers
// them only in version 2, and a subprocess gets forwardCell only from a version-2 hello that declares it.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellCaseRequest, SMALL_CELL } from '../../harness/cases/cell-case.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { serve } from '../../harness/protocol/serve.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import {
  decodeHarnessMessage,
  decodeImplementationMessage,
  encodeMessage,
  PROTOCOL,
  PROTOCOL_V2,
} from '../../harness/protocol/wire.js';
import { gruCellForward } from '../../oracle/index.js';
import { fixture, ORACLE_SERVE } from './requests.js';

const bits = (a: Float64Array, b: Float64Array) =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

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
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

const hello = (versions: string[]) =>
  JSON.stringify({ type: 'hello', protocol: PROTOCOL, versions, encodings: ['base64-f64le', 'json'] });

describe('the cell over the protocol', () => {
  it.each(['json', 'base64-f64le'] as const)(
    'gru.cell.shapes: cell requests and state answers round-trip bit for bit (%s)',
    (encoding) => {
      const request = cellCaseRequest({ ...SMALL_CELL, batched: false, seed: 3 });
      const decoded = decodeHarnessMessage(encodeMessage({ type: 'cell', id: 4, request }, encoding));
      expect(decoded).toEqual({ type: 'cell', id: 4, request: { ...request, hx: request.hx ?? null } });
      const h = gruCellForward(request.kwargs, request.parameters, request.input, request.hx);
      const answer = decodeImplementationMessage(
        encodeMessage({ type: 'state', id: 4, response: { h } }, encoding),
      );
      expect(answer.type).toBe('state');
      if (answer.type === 'state') expect(bits(answer.response.h.data, h.data)).toBe(true);
    },
  );

  it('gru.cell.step: serve() declares the cell and answers cell requests in version 2 only', async () => {
    const request = cellCaseRequest({ ...SMALL_CELL, seed: 5 });
    const cell = encodeMessage({ type: 'cell', id: 1, request });
    const [v2Hello, state] = await exchange([hello([PROTOCOL, PROTOCOL_V2]), cell]);
    expect(v2Hello).toMatchObject({ protocol: PROTOCOL_V2, capabilities: { cell: true } });
    expect(state).toMatchObject({ type: 'state', id: 1, h: { shape: [3, 4] } });
    const [v1Hello, refused] = await exchange([hello([PROTOCOL]), cell]);
    expect((v1Hello as { capabilities: object }).capabilities).not.toHaveProperty('cell');
    expect(refused).toMatchObject({
      type: 'error',
      id: 1,
      error: { message: expect.stringMatching(/gru-conformance\/2/) },
    });
  });

  it('gru.cell.err-input-rank: a rejected cell call is an error answer carrying its clause', async () => {
    const request = cellCaseRequest(SMALL_CELL);
    const bad = { ...request, input: { ...request.input, shape: [1, 3, 3] } };
    const [, answer] = await exchange([
      hello([PROTOCOL_V2]),
      encodeMessage({ type: 'cell', id: 2, request: bad }),
    ]);
    expect(answer).toMatchObject({ type: 'error', id: 2, error: { clause: 'gru.cell.err-input-rank' } });
  });

  it('gru.cell.step: an implementation without the cell is refused a cell request and declares none', async () => {
    const { forwardCell: _dropped, ...gruOnly } = oracleImplementation;
    const plain = { ...gruOnly, capabilities: { trainMasks: true } };
    const request = cellCaseRequest(SMALL_CELL);
    const [h, answer] = await exchange(
      [hello([PROTOCOL_V2]), encodeMessage({ type: 'cell', id: 3, request })],
      plain,
    );
    expect((h as { capabilities: object }).capabilities).not.toHaveProperty('cell');
    expect(answer).toMatchObject({ type: 'error', id: 3 });
  });

  describe('through a subprocess', () => {
    let served: Implementation;
    let v1: Implementation;
    beforeAll(async () => {
      served = await spawnImplementation(ORACLE_SERVE, { timeoutMs: 20_000 });
      v1 = await spawnImplementation(['node', fixture('serve-oracle.mjs'), 'v1'], {
        timeoutMs: 20_000,
      });
    });
    afterAll(async () => {
      await served?.close?.();
      await v1?.close?.();
    });

    it('gru.cell.step: the served oracle computes the cell bit-identically to the in-process oracle', async () => {
      for (const c of [
        SMALL_CELL,
        { ...SMALL_CELL, batched: false, hxGiven: false },
        { ...SMALL_CELL, batch: 0 },
        { ...SMALL_CELL, input_size: 17, hidden_size: 33, batch: 9, dtype: 'float32' as const, bias: false },
      ]) {
        const request = cellCaseRequest(c);
        const want = gruCellForward(request.kwargs, request.parameters, request.input, request.hx);
        const got = (await served.forwardCell!(request)).h;
        expect([got.dtype, got.shape]).toEqual([want.dtype, want.shape]);
        expect(bits(got.data, want.data)).toBe(true);
      }
    });

    it('gru.cell.signature: a version-1 implementation gets no forwardCell and no cell capability', () => {
      expect(v1.forwardCell).toBeUndefined();
      expect(v1.capabilities?.cell).toBeFalsy();
    });
  });
});

// spec/protocol.md's examples are real: both example exchanges (version 2 with base64 tensors, version 1 with
// JSON numbers), replayed against the oracle behind serve(), give the documented answers character for
// character, and the documented tensors and base64 strings hold the values the text says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { encodeBase64F64le } from '../../harness/protocol/base64-f64le.js';
import { serve } from '../../harness/protocol/serve.js';
import { decodeTensor, ENCODINGS, PROTOCOL, VERSIONS } from '../../harness/protocol/wire.js';
import { ROOT } from './requests.js';

const jsExample = javascriptExample as Implementation;

const DOC = readFileSync(join(ROOT, 'spec', 'protocol.md'), 'utf8');

/** The fenced blocks of a language in a section of the doc. */
function blocks(section: string, language: string): string[] {
  const start = DOC.indexOf(section);
  const text = DOC.slice(start, DOC.indexOf('\n## ', start + section.length));
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]);
}

function exchange(block: string): { requests: string[]; answers: string[] } {
  const lines = block.split('\n');
  return {
    requests: lines.filter((l) => l.startsWith('> ')).map((l) => l.slice(2)),
    answers: lines.filter((l) => l.startsWith('< ')).map((l) => l.slice(2)),
  };
}

describe('spec/protocol.md', () => {
  const exchanges = blocks('## 8. Example', 'text');

  it('gru.err.input-features: it shows two example exchanges, the first in version 2 with base64 tensors', () => {
    expect(exchanges).toHaveLength(2);
    expect(exchanges[0]).toContain('"protocol":"gru-conformance/2","encoding":"base64-f64le"');
    expect(exchanges[0]).not.toContain('"data"');
    expect(exchanges[1]).not.toContain('"base64"');
  });

  it.each([0, 1])(
    'gru.err.input-features: example exchange %i replays exactly against the oracle',
    async (index) => {
      const { requests, answers } = exchange(exchanges[index]);
      expect(requests.length).toBeGreaterThan(2);
      const input = new PassThrough();
      const output = new PassThrough();
      const written: string[] = [];
      output.on('data', (chunk: Buffer) => written.push(chunk.toString()));
      const done = serve(oracleImplementation, input, output);
      input.end(requests.map((r) => `${r}\n`).join(''));
      await done;
      expect(written.join('').trimEnd().split('\n')).toEqual(answers);
    },
  );

  // also: gru.packed.output gru.packed.batch-order gru.packed.err-unsorted
  it('gru.packed.pad-total-length: the variable-length example replays exactly against the oracle, in both forms', async () => {
    const [block] = blocks('### Variable-length sequences', 'text');
    const { requests, answers } = exchange(block);
    expect(requests.filter((r) => r.includes('"packed":{'))).toHaveLength(1);
    expect(requests.filter((r) => r.includes('"sequenceLengths":{'))).toHaveLength(2);
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const done = serve(oracleImplementation, input, output);
    input.end(requests.map((r) => `${r}\n`).join(''));
    await done;
    expect(written.join('').trimEnd().split('\n')).toEqual(answers);
  });

  it('gru.grad.protocol-backward: the gradients example replays exactly against the bundled JavaScript example', async () => {
    const [block] = blocks('### `backward` and `gradients`', 'text');
    const { requests, answers } = exchange(block);
    expect(requests.filter((r) => r.includes('"type":"backward"'))).toHaveLength(2);
    expect(answers.filter((a) => a.includes('"type":"gradients"'))).toHaveLength(1);
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    const done = serve(jsExample, input, output);
    input.end(requests.map((r) => `${r}\n`).join(''));
    await done;
    expect(written.join('').trimEnd().split('\n')).toEqual(answers);
  });

  it('gru.num.tolerance: the documented harness hello is the one the harness sends', () => {
    const [harnessHello] = blocks('### `hello`', 'json');
    expect(JSON.parse(harnessHello)).toEqual({
      type: 'hello',
      protocol: PROTOCOL,
      versions: VERSIONS,
      encodings: ENCODINGS,
    });
  });

  it('gru.num.tolerance: the documented tensors and base64 strings hold the values the text names', () => {
    const [json, base64] = blocks('### TENSOR', 'json')[0]
      .trim()
      .split('\n')
      .map((l) => decodeTensor(JSON.parse(l), 't'));
    expect(base64).toEqual(json);
    expect(Array.from(json.data)).toEqual([
      0.5,
      -0,
      1e-300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(Object.is(json.data[1], -0)).toBe(true);
    expect(DOC).toContain(`written \`"${encodeBase64F64le([1])}"\``);
    expect(DOC).toContain(`\`[0.5, -0.0]\` is \`"${encodeBase64F64le([0.5, -0])}"\``);
    expect(DOC).toContain(`the float32 nearest 0.1 is \`"${encodeBase64F64le([Math.fround(0.1)])}"\``);
    expect(DOC).toContain(`the input \`[1, -0.5]\` is \`${encodeBase64F64le([1, -0.5])}\``);
  });
});

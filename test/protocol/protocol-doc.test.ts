// spec/protocol.md's example exchange is real: replayed against the oracle behind serve(), it gives
// the documented answers character for character.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { oracleImplementation } from '../../harness/implementations/oracle.js';
import { serve } from '../../harness/protocol/serve.js';
import { ROOT } from './requests.js';

function exampleExchange(): { requests: string[]; answers: string[] } {
  const doc = readFileSync(join(ROOT, 'spec', 'protocol.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## 8. Example'));
  const block = section.slice(
    section.indexOf('```text') + 7,
    section.indexOf('```', section.indexOf('```text') + 7),
  );
  const lines = block.split('\n');
  return {
    requests: lines.filter((l) => l.startsWith('> ')).map((l) => l.slice(2)),
    answers: lines.filter((l) => l.startsWith('< ')).map((l) => l.slice(2)),
  };
}

it('gru.err.input-features: the example exchange of spec/protocol.md replays exactly against the oracle', async () => {
  const { requests, answers } = exampleExchange();
  expect(requests.length).toBeGreaterThan(2);
  const input = new PassThrough();
  const output = new PassThrough();
  const written: string[] = [];
  output.on('data', (chunk: Buffer) => written.push(chunk.toString()));
  const done = serve(oracleImplementation, input, output);
  input.end(requests.map((r) => `${r}\n`).join(''));
  await done;
  expect(written.join('').trimEnd().split('\n')).toEqual(answers);
});

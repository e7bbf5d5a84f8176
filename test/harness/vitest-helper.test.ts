// The vitest helper embeds the suite in three lines; here it checks the bundled example on a few checks, as an
// object, as an isolated module and behind the protocol, and a faulty GRU in a vitest of its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/implementation.js';
import { describeConformance } from '../../harness/vitest.js';
import { tempDir } from '../adversarial/helpers.js';
import { CLI, ROOT } from '../helpers/cli.js';

describeConformance(javascriptExample as Implementation, { only: 'numeric.one-step', runs: 20 });
describeConformance({ module: 'examples/js/gru.js' }, { only: 'numeric.sequence', runs: 10 });
describeConformance({ cmd: `node ${CLI} oracle serve` }, { only: 'relation.dir', runs: 10 });

interface JsonResult {
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
}

describe('the vitest helper on a faulty GRU', () => {
  // also: gru.err.hx-shape
  it('gru.eq.gate-order: one test per check titled by its id, real skips, readable failures, the diagnosis last', async () => {
    const out = join(tempDir(), 'results.json');
    const run = await execa(
      'npx',
      [
        'vitest',
        'run',
        '--config',
        'test/harness/fixtures/vitest.fixture.config.ts',
        '--reporter=json',
        `--outputFile=${out}`,
      ],
      { cwd: ROOT, reject: false },
    );
    expect(run.exitCode, run.stderr).toBe(1);
    const results: JsonResult[] = JSON.parse(readFileSync(out, 'utf8')).testResults.flatMap(
      (f: { assertionResults: JsonResult[] }) => f.assertionResults,
    );
    const byTitle = (prefix: string) => results.find((r) => r.title.startsWith(prefix))!;
    expect(results.map((r) => r.title.split(':')[0])).toEqual([
      'numeric.one-step',
      'error.generated.hx-shape',
      'init.uniform',
      'diagnosis',
    ]);
    expect(byTitle('error.generated.hx-shape').status).toBe('passed');
    // The fault declares no init capability: the check judged nothing, so it is skipped, not passed.
    expect(byTitle('init.uniform').status).toBe('skipped');
    const failure = byTitle('numeric.one-step');
    expect(failure.status).toBe('failed');
    const message = failure.failureMessages.join('\n');
    expect(message).toMatch(/ConformanceFailure: numeric\.one-step \[gru\.eq/);
    expect(message).toMatch(/minimal case: \{/);
    expect(message).toMatch(
      /replay: npx gru-conformance check <your module> --replay numeric\.one-step:\d+:/,
    );
    expect(message).not.toMatch(/not to be|expected 'fail'/);
    const diagnosis = byTitle('diagnosis');
    expect(diagnosis.status).toBe('failed');
    expect(diagnosis.failureMessages.join('\n')).toMatch(/gate/);
  }, 120_000);
});

// The GitHub Actions example (examples/ci/gru-conformance.yml) run here: its shard command once per matrix
// entry, then its merge command, exactly as written there (npx gru-conformance is this checkout's CLI, GRU_IMPL
// a bundled example, GRU_ARGS a fast part of the profile); the merged verdict is the unsharded run's.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, cli, ROOT } from '../helpers/cli.js';

const workflow = readFileSync(join(ROOT, 'examples/ci/gru-conformance.yml'), 'utf8');
const runLines = [...workflow.matchAll(/^\s+run: (.*)$/gm)].map((m) => m[1]);
const shardCommand = runLines.find((l) => l.includes('--shard'))!;
const mergeCommand = runLines.find((l) => l.includes(' merge '))!;
const shards = JSON.parse(/shard: (\[[\d, ]+\])/.exec(workflow)![1]) as number[];
/** How the workflow names its shard number (a GitHub expression, not a template string). */
const MATRIX_SHARD = ['${{', 'matrix.shard', '}}'].join(' ');
const GRU_ARGS =
  '--only numeric,relation.eq,error.generated,golden.edge-batch --skip numeric.sizes --runs 3 --workers 1 -q';

/** A workflow step's shell line, run in `dir` with this checkout's CLI for npx gru-conformance. */
function step(line: string, dir: string, env: Record<string, string>) {
  const command = line.replaceAll('npx gru-conformance', `node ${CLI}`);
  return execa('bash', ['-c', command], { cwd: dir, reject: false, env: { ...process.env, ...env } });
}

describe('examples/ci/gru-conformance.yml', () => {
  it('gru.eq.gate-order: its shard jobs and merge job, run as written, give the unsharded verdict (exit 1 for a faulty GRU)', async () => {
    expect(shards.length).toBeGreaterThan(1);
    expect(shardCommand).toContain(`--shard ${MATRIX_SHARD}/${shards.length}`);
    const dir = mkdtempSync(join(tmpdir(), 'gru-workflow-'));
    const env = { GRU_IMPL: join(ROOT, 'examples/js/gru-swapped-gates.js'), GRU_ARGS };
    for (const k of shards) {
      const r = await step(shardCommand.replaceAll(MATRIX_SHARD, String(k)), dir, env);
      expect(r.exitCode, r.stderr).toBe(0); // the shard step never decides; the merge does
    }
    const written = shards.flatMap((k) => [`shard-${k}.json`, `dump-${k}`]);
    expect(readdirSync(dir).sort()).toEqual(written.sort());
    // Each shard's dump lists exactly its failing checks.
    for (const k of shards) {
      const report = JSON.parse(readFileSync(join(dir, `shard-${k}.json`), 'utf8'));
      const index = JSON.parse(readFileSync(join(dir, `dump-${k}`, 'index.json'), 'utf8'));
      const failing = report.checks
        .filter((c: { status: string }) => c.status === 'fail')
        .map((c: { id: string }) => c.id);
      expect(index.dumps.map((d: { check: string }) => d.check)).toEqual(failing);
    }
    const merged = await step(mergeCommand, dir, env);
    expect(merged.exitCode, merged.stderr).toBe(1);
    const whole = await cli(
      'check',
      env.GRU_IMPL,
      ...GRU_ARGS.split(' '),
      '--report-json',
      join(dir, 'whole.json'),
    );
    expect(whole.exitCode).toBe(1);
    const [m, w] = ['conformance.json', 'whole.json'].map((f) =>
      JSON.parse(readFileSync(join(dir, f), 'utf8')),
    );
    expect(m.verdict).toBe(w.verdict);
    expect(m.summary).toEqual(w.summary);
    expect(m.clauses).toEqual(w.clauses);
    for (const f of ['conformance.xml', 'conformance.html']) expect(readdirSync(dir)).toContain(f);
  }, 300_000);
});

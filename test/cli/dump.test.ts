// --dump <dir>: each failing check's case as files, read back here three ways (an NPY reader of the test's own,
// numpy, and the oracle and the implementation replaying the dumped request), for wrong values and for failures
// that are not values; and the folders it refuses before a run starts.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import swapped from '../../examples/js/gru-swapped-gates.js';
import { goldenRequest, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { caseRequest, type GruCase } from '../../harness/cases/gru-case.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { gruForward, type Tensor } from '../../oracle/index.js';
import { cli, cliWith, ROOT } from '../helpers/cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import {
  caseFile,
  decodeNumber,
  decodeRequest,
  decodeTensor,
  type JsonTensor,
  readJson,
  readNpy,
  sameValues,
  tensorsOf,
} from '../helpers/dump-files.js';

const dir = mkdtempSync(join(tmpdir(), 'gru-dump-'));
const WRONG = 'examples/js/gru-swapped-gates.js';
// Every numeric property, one part of the size family, and goldens with NaN in them.
const SIZES_BUT_ONE = Array.from({ length: 7 }, (_, i) => `numeric.sizes.${i + 2}`).join(',');
const SUBSET = ['--only', 'numeric,golden.edge-batch,golden.special-nan', '--skip', SIZES_BUT_ONE];
const KINDS = [
  'values',
  'non-finite',
  'shape',
  'dtype',
  'rejected',
  'call-failed',
  'unrelatable',
  'accepted-invalid',
  'crashed',
  'wrong-clause',
  'missing-clause',
  'init',
];

interface IndexEntry {
  check: string;
  clause: string;
  clauses: string[];
  family: string;
  kind: string;
  message: string;
  path: string;
}
type Case = Record<string, unknown> & {
  check: { id: string; clauses: string[] };
  kind: string;
  comparedWith?: string;
  minimalCase: unknown;
  calls: { method: string; request: Record<string, unknown>; answer: Record<string, unknown> }[];
  compared: { what: string; expected: JsonTensor; actual: JsonTensor | null; allowance: JsonTensor | null }[];
  expectedRejection?: { clause: string };
};

const dumped = join(dir, 'swapped');
const index = () => readJson(join(dumped, 'index.json')) as { verdict: string; dumps: IndexEntry[] };
const cases = () => index().dumps.map((d) => caseFile(dumped, d.path) as Case);

describe('check --dump on the swapped-gates example', () => {
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    run = await cli(
      'check',
      WRONG,
      ...SUBSET,
      '--runs',
      '10',
      '--workers',
      '2',
      '--dump',
      dumped,
      '--report-json',
      join(dir, 'swapped.json'),
    );
  }, 120_000);

  it('gru.eq.gate-order: one folder per failing check, listed in index.json with its check, clause and kind', () => {
    expect(run.exitCode, run.stderr).toBe(1);
    const report = readJson(join(dir, 'swapped.json'));
    const failing = report.checks.filter((c: { status: string }) => c.status === 'fail');
    const { dumps, verdict } = index();
    expect(verdict).toBe('not-conformant');
    expect(dumps.map((d) => d.check)).toEqual(failing.map((c: { id: string }) => c.id));
    expect(dumps.length).toBeGreaterThan(20);
    for (const [i, d] of dumps.entries()) {
      expect(d.clauses).toContain(d.clause);
      expect(failing[i].clauses).toEqual(expect.arrayContaining(d.clauses));
      expect(KINDS).toContain(d.kind);
      expect(d.path).toBe(`${d.check}/case.json`);
      expect((caseFile(dumped, d.path) as Case).check.id).toBe(d.check);
    }
    expect(readdirSync(dumped).sort()).toEqual(['index.json', ...dumps.map((d) => d.check)].sort());
    expect(run.stderr).toContain(`dumped ${dumps.length} failing cases to ${dumped}`);
    // The JSON report stays as it was: the evidence is the dump's alone.
    expect(readFileSync(join(dir, 'swapped.json'), 'utf8')).not.toContain('"evidence"');
  });

  it('gru.num.nan-propagation: every tensor is in case.json and in its .npy file bit for bit (NaN, infinities, -0 too)', () => {
    let tensors = 0;
    const special = new Set<string>();
    for (const d of index().dumps) {
      const folder = join(dumped, d.check);
      for (const { path, tensor } of tensorsOf(caseFile(dumped, d.path))) {
        const npy = readNpy(readFileSync(join(folder, tensor.npy)));
        expect(npy.descr, path).toBe('<f8');
        expect(npy.fortranOrder).toBe(false);
        expect(npy.dataOffset % 64).toBe(0);
        expect(npy.shape, path).toEqual(tensor.npyShape ?? tensor.shape);
        expect(sameValues(npy.data, tensor.data.map(decodeNumber)), `${d.check} ${path}`).toBe(true);
        for (const v of tensor.data) if (typeof v === 'string') special.add(v);
        tensors++;
      }
    }
    expect(tensors).toBeGreaterThan(200);
    // NaN in the goldens and numeric.nan, an infinity in numeric.infinity, -0 in numeric.signed-zero-subnormal.
    expect([...special].sort()).toEqual(expect.arrayContaining(['-0', 'Infinity', 'NaN']));
  });

  it('gru.num.tolerance: numpy loads every .npy file with the shape and the values case.json gives', async () => {
    const r = await execa('uv', ['run', '--frozen', 'python', '-c', NUMPY_CHECK, dumped], { cwd: ROOT });
    const result = JSON.parse(r.stdout);
    expect(result.mismatches).toEqual([]);
    expect(result.tensors).toBeGreaterThan(200);
    expect(result.nan).toBeGreaterThan(0);
    expect(result.negativeZero).toBeGreaterThan(0);
  });

  it('gru.eq.gate-order: the expected tensors are the oracle forward of the dumped request, or PyTorch golden values', () => {
    const manifest = loadManifest();
    let oracle = 0;
    let goldens = 0;
    for (const c of cases()) {
      const request = decodeRequest(c.calls[0].request);
      const expected = c.compared.map((x) => decodeTensor(x.expected));
      if (c.comparedWith === 'oracle') {
        const mode = { training: request.dropoutMasks !== undefined, dropoutMasks: request.dropoutMasks };
        const r = gruForward(request.kwargs, request.parameters, request.input, request.hx, mode);
        expectSame(expected[0], r.output, c.check.id);
        expectSame(expected[1], r.h_n, c.check.id);
        oracle++;
      } else {
        expect(c.comparedWith).toBe('golden');
        const entry = manifest.cases.find((e) => `golden.${e.id}` === c.check.id)!;
        const g = loadGolden(entry);
        expectSame(expected[0], g.expected.output!, c.check.id);
        expectSame(expected[1], g.expected.h_n!, c.check.id);
        expectSameRequest(request, goldenRequest(g), c.check.id);
        goldens++;
      }
    }
    expect(oracle).toBeGreaterThan(10);
    expect(goldens).toBeGreaterThan(5);
  });

  it('gru.eq.gate-order: replaying the dumped request gives the dumped answer, which breaks the dumped allowance', async () => {
    for (const c of cases()) {
      const request = decodeRequest(c.calls[0].request);
      const answer = await swapped.forward(structuredClone(request));
      expectSame(decodeTensor(c.calls[0].answer.output as JsonTensor), answer.output, c.check.id);
      expectSame(decodeTensor(c.calls[0].answer.h_n as JsonTensor), answer.h_n, c.check.id);
      expect(['values', 'non-finite']).toContain(c.kind);
      expect(
        c.compared.some((x) => breaks(x)),
        c.check.id,
      ).toBe(true);
      // The request is the minimal case the report shows, where that case is a plain generated case.
      const minimal = c.minimalCase as GruCase;
      if (c.check.id.startsWith('numeric.') && !Array.isArray(minimal))
        expectSameRequest(request, caseRequest(minimal), c.check.id);
    }
  });

  it('gru.num.tolerance: the worst element each failure message names has that actual, expected and allowance in the dump', () => {
    const WORST =
      /(output|h_n): \d+ of \d+ values off(?: \([^)]*\))?; worst at \[([\d, ]*)\]: (\S+) vs (\S+) \(\|diff\| \S+, allowed (\S+)\)/g;
    let seen = 0;
    for (const c of cases()) {
      for (const [, what, at, actual, expected, allowed] of (c.message as string).matchAll(WORST)) {
        const x = c.compared.find((y) => y.what === what)!;
        const index = at.split(', ').reduce((flat, v, d) => flat * x.expected.shape[d] + Number(v), 0);
        const value = (t: JsonTensor | null) => decodeNumber(t!.data[index]);
        expect(value(x.actual), `${c.check.id} ${what}`).toBe(Number(actual));
        expect(value(x.expected), `${c.check.id} ${what}`).toBe(Number(expected));
        if (Number.isFinite(Number(actual)) && Number.isFinite(Number(expected)))
          expect(value(x.allowance).toExponential(2), `${c.check.id} ${what}`).toBe(allowed);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(30);
  });

  it('gru.eq.gate-order: --replay of a dumped token dumps the same request and answer', async () => {
    const one = caseFile(dumped, 'numeric.one-step/case.json') as Case & { replay: { token: string } };
    const again = join(dir, 'replayed');
    const r = await cli('check', WRONG, '--replay', one.replay.token, '--dump', again, '-q');
    expect(r.exitCode, r.stderr).toBe(1);
    const replayed = caseFile(again, 'numeric.one-step/case.json') as Case;
    expect(replayed.calls).toEqual(one.calls);
    expect(replayed.compared).toEqual(one.compared);
  });
});

describe('--dump of failures that are not wrong values', () => {
  const MODES = ['extra-row', 'refuse', 'not-tensors', 'accept-all'] as const;
  const only =
    'numeric.one-step,relation.default.hx-zeros,error.generated.input-rank,error.generated.proj-size';
  const dumpOf = (mode: string) => join(dir, `misbehaving-${mode}`);
  const caseOf = (mode: string, check: string) => caseFile(dumpOf(mode), `${check}/case.json`) as Case;
  beforeAll(async () => {
    for (const mode of MODES) {
      const r = await cliWith(
        { env: { GRU_MISBEHAVE: mode } },
        'check',
        'test/cli/fixtures/misbehaving.js',
        '--only',
        only,
        '--runs',
        '4',
        '--workers',
        '1',
        '-q',
        '--dump',
        dumpOf(mode),
      );
      expect(r.exitCode, `${mode}: ${r.stderr}`).toBe(1);
    }
  }, 120_000);

  it('gru.shape.h-n: a wrong shape dumps the request, the answer with its shape, and the expected tensors', () => {
    const c = caseOf('extra-row', 'numeric.one-step');
    expect(c.kind).toBe('shape');
    const [output, hN] = c.compared;
    expect(hN.actual!.shape[0]).toBe(hN.expected.shape[0] + 1);
    expect(hN.actual!.shape.slice(1)).toEqual(hN.expected.shape.slice(1));
    expect(output.actual!.shape).toEqual(output.expected.shape);
    expect(hN.allowance!.shape).toEqual(hN.expected.shape);
    expect(c.calls[0].answer.kind).toBe('result');
  });

  it('gru.err.input-rank: a refused valid call and a rejection naming the wrong clause dump the rejection', () => {
    const refused = caseOf('refuse', 'numeric.one-step');
    expect(refused.kind).toBe('rejected');
    expect(refused.calls[0].answer).toEqual({
      kind: 'rejected',
      message: 'refused on purpose',
      clause: 'gru.err.input-rank',
    });
    expect(refused.compared.map((x) => x.actual)).toEqual([null, null]);
    expect(refused.compared.map((x) => x.what)).toEqual(['output', 'h_n']);
    const wrong = caseOf('refuse', 'error.generated.proj-size');
    expect(wrong.kind).toBe('wrong-clause');
    expect(wrong.expectedRejection).toEqual({ clause: 'gru.err.proj-size' });
    expect((wrong.calls[0].request.kwargs as Record<string, unknown>).proj_size).toBeDefined();
    const listed = readJson(join(dumpOf('refuse'), 'index.json')).dumps as IndexEntry[];
    expect(listed.find((d) => d.check === 'error.generated.proj-size')?.kind).toBe('wrong-clause');
  });

  it('gru.default.hx-zeros: an answer that is not tensors dumps each call made and the message', () => {
    const c = caseOf('not-tensors', 'numeric.one-step');
    expect(c.kind).toBe('call-failed');
    expect(c.calls[0].answer.kind).toBe('failure');
    expect(c.calls[0].answer.message).toMatch(/not \{output, h_n\} tensors/);
    const relation = caseOf('not-tensors', 'relation.default.hx-zeros');
    expect(relation.kind).toBe('call-failed');
    expect(relation.calls.length).toBeGreaterThanOrEqual(1);
    expect(relation.calls[0].request.hx).toBeNull();
  });

  it('gru.err.input-rank: an accepted invalid call dumps the request and what came back', () => {
    const c = caseOf('accept-all', 'error.generated.input-rank');
    expect(c.kind).toBe('accepted-invalid');
    expect(c.expectedRejection).toEqual({ clause: 'gru.err.input-rank' });
    const input = c.calls[0].request.input as JsonTensor;
    expect([1, 4]).toContain(input.shape.length);
    expect((c.calls[0].answer.output as JsonTensor).shape).toEqual([0]);
  });
});

describe('--dump folders', () => {
  it('gru.num.tolerance: a conformant run with --dump writes an index with no entries', async () => {
    const d = join(dir, 'conformant');
    const r = await cli('check', '--only', 'numeric.one-step,golden.edge-batch', '--runs', '5', '--dump', d);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readdirSync(d)).toEqual(['index.json']);
    const listed = readJson(join(d, 'index.json'));
    expect(listed.verdict).toBe('conformant');
    expect(listed.dumps).toEqual([]);
  });

  it('gru.ctor.signature: a folder that cannot take a dump is a usage error before the run starts (exit 2)', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const foreign = join(dir, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const bad: [string, RegExp][] = [
      [file, /is a file, not a folder/],
      [join(file, 'below'), /cannot create the folder/],
      [foreign, /is not empty and is not an earlier dump \(it holds notes\.txt\)/],
      ['', /expected a folder/],
    ];
    if (process.getuid?.() !== 0) {
      // Root writes anywhere, so a folder without write permission only refuses other users.
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      bad.push([locked, /is not writable/]);
    }
    // Each refusal is thrown by the command before anything runs (in this process); main.ts turns it into one
    // stderr line and exit 2, shown once on a spawned CLI.
    for (const [folder, message] of bad)
      for (const command of ['check', 'fuzz'] as const) {
        const args = command === 'fuzz' ? ['--rounds', '1'] : [];
        await expect(
          runInProcess(command, ...args, '--dump', folder),
          `${command} --dump ${folder}`,
        ).rejects.toThrow(new RegExp(`^--dump: .*${message.source}`));
      }
    const r = await cli('fuzz', '--rounds', '1', '--dump', foreign);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^gru-conformance: --dump: /);
    expect(r.stderr).toMatch(/is not empty and is not an earlier dump/);
    expect(r.stdout).toBe(''); // nothing ran
    expect(readdirSync(foreign)).toEqual(['notes.txt']);
  });

  it('gru.eq.gate-order: a missing folder is created, and an earlier dump in it is replaced', async () => {
    const d = join(dir, 'nested', 'new', 'dump');
    const first = await cli('check', WRONG, '--only', 'numeric.one-step', '--runs', '5', '-q', '--dump', d);
    expect(first.exitCode).toBe(1);
    expect(readdirSync(d).sort()).toEqual(['index.json', 'numeric.one-step']);
    const second = await cli('check', WRONG, '--only', 'numeric.sequence', '--runs', '5', '-q', '--dump', d);
    expect(second.exitCode).toBe(1);
    expect(readdirSync(d).sort()).toEqual(['index.json', 'numeric.sequence']);
  });

  it('gru.eq.gate-order: fuzz --dump dumps the failure with the round that found it and its seed', async () => {
    const d = join(dir, 'fuzzed');
    const r = await cli(
      'fuzz',
      WRONG,
      '--only',
      'numeric.one-step',
      '--rounds',
      '2',
      '--runs',
      '3',
      '--seed',
      '9',
      '-q',
      '--dump',
      d,
    );
    expect(r.exitCode, r.stderr).toBe(1);
    const c = caseFile(d, 'numeric.one-step/case.json') as Case & { round: number; roundSeed: number };
    expect(c.round).toBe(0);
    expect(c.roundSeed).toBe(9);
    const request = decodeRequest(c.calls[0].request);
    const answer = await swapped.forward(structuredClone(request));
    expectSame(decodeTensor(c.calls[0].answer.output as JsonTensor), answer.output, 'fuzz');
  });
});

/** An element of a compared tensor is off its allowance (or non-finite where the expected is not the same). */
function breaks(x: Case['compared'][number]): boolean {
  if (x.actual === null || x.allowance === null) return false;
  const [a, e, allow] = [x.actual, x.expected, x.allowance].map((t) => t.data.map(decodeNumber));
  return e.some((v, i) => (Number.isFinite(v) ? !(Math.abs(a[i] - v) <= allow[i]) : !Object.is(a[i], v)));
}

function expectSame(dumpedTensor: Tensor, fresh: Tensor, what: string): void {
  expect(dumpedTensor.shape, what).toEqual(fresh.shape);
  expect(sameValues(dumpedTensor.data, fresh.data), what).toBe(true);
}

function expectSameRequest(dumpedRequest: GruRequest, fresh: GruRequest, what: string) {
  expect(dumpedRequest.kwargs, what).toEqual(fresh.kwargs);
  expect(dumpedRequest.dtype).toBe(fresh.dtype);
  expect(Object.keys(dumpedRequest.parameters)).toEqual(Object.keys(fresh.parameters));
  for (const [k, t] of Object.entries(fresh.parameters))
    expectSame(dumpedRequest.parameters[k], t, `${what} ${k}`);
  expectSame(dumpedRequest.input, fresh.input, `${what} input`);
  if (fresh.hx) expectSame(dumpedRequest.hx!, fresh.hx, `${what} hx`);
  else expect(dumpedRequest.hx).toBeNull();
}

/** numpy's own reading of every .npy file of a dump, against the values case.json gives. */
const NUMPY_CHECK = `
import json, pathlib, sys
import numpy as np
root = pathlib.Path(sys.argv[1])
out = {"tensors": 0, "nan": 0, "negativeZero": 0, "mismatches": []}
def walk(value, folder, where):
    if isinstance(value, list):
        for i, v in enumerate(value):
            walk(v, folder, f"{where}[{i}]")
    elif isinstance(value, dict):
        if isinstance(value.get("npy"), str) and isinstance(value.get("data"), list):
            a = np.load(folder / value["npy"], allow_pickle=False)
            want = np.array([float(v) for v in value["data"]], dtype=np.float64)
            want = want.reshape(value.get("npyShape", value["shape"]))
            same = (a.dtype == np.float64 and a.shape == want.shape and a.flags.c_contiguous
                    and np.array_equal(a, want, equal_nan=True)
                    and np.array_equal(np.signbit(a) & ~np.isnan(a), np.signbit(want) & ~np.isnan(want)))
            if not same:
                out["mismatches"].append(f"{folder.name}{where}")
            out["tensors"] += 1
            out["nan"] += int(np.isnan(a).sum())
            out["negativeZero"] += int(((a == 0) & np.signbit(a)).sum())
        else:
            for k, v in value.items():
                walk(v, folder, f"{where}.{k}")
for entry in json.loads((root / "index.json").read_text())["dumps"]:
    case = root / entry["path"]
    walk(json.loads(case.read_text()), case.parent, "")
print(json.dumps(out))
`;

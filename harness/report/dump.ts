// --dump <dir>: every failing check's case as files a person (or numpy, or PyTorch) can load and replay: the
// requests the implementation received, what it answered, the expected tensors and their allowances. One folder
// per failing check (<dir>/<check id>/case.json and one .npy file per tensor), and <dir>/index.json listing them.
// Numbers JSON cannot hold exactly are strings: "NaN", "Infinity", "-Infinity" and "-0"; the .npy files hold
// every value bit for bit (always float64, '<f8': the harness holds every value, an answer's too, as a double,
// and the values of a float32, float16 or bfloat16 request are exact in it; each tensor's `dtype` in case.json says
// which of those it is, and casting the loaded values to it is exact: numpy has no bfloat16, torch.tensor(v)
// .to(torch.bfloat16) does). The folder itself: harness/report/dump-folder.ts.

import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Tensor } from '../../oracle/index.js';
import type { CheckOutcome } from '../checks/types.js';
import type { Answer, CallRecord, Evidence } from '../judging/evidence.js';
import { clearEarlierDump, DUMP_FORMAT, INDEX, safeName } from './dump-folder.js';
import { encodeNpy } from './npy.js';
import type { Report } from './types.js';

/** Writes tensors as .npy files in one case folder and as JSON; a tensor object seen twice shares its file. */
class TensorWriter {
  private readonly files = new Map<Tensor, string>();
  private readonly names = new Set<string>();
  /** Each tensor's values as JSON text, put in place of its token by `fill` (stringifying them is slow). */
  private readonly values: string[] = [];
  private readonly token = `@@values-${randomUUID()}-`;
  readonly bytes = { npy: 0 };

  constructor(private readonly folder: string) {}

  /** The JSON text with each tensor's values in place. */
  fill(text: string): string {
    return text.replace(new RegExp(`"${this.token}(\\d+)"`, 'g'), (_m, i: string) => this.values[Number(i)]);
  }

  json(t: Tensor, name: string): Record<string, unknown> {
    // A tensor whose shape does not hold its values (an invalid request can be made so) is written flat.
    const flat = t.shape.reduce((a, b) => a * b, 1) !== t.data.length;
    let file = this.files.get(t);
    if (file === undefined) {
      file = this.freshName(`${safeName(name)}.npy`);
      const npy = encodeNpy(flat ? [t.data.length] : t.shape, t.data);
      writeFileSync(join(this.folder, file), npy);
      this.bytes.npy += npy.length;
      this.files.set(t, file);
    }
    this.values.push(JSON.stringify(Array.from(t.data, dumpNumber)));
    return {
      dtype: t.dtype,
      shape: t.shape,
      data: `${this.token}${this.values.length - 1}`,
      npy: file,
      ...(flat ? { npyShape: [t.data.length] } : {}),
    };
  }

  private freshName(name: string): string {
    let candidate = name;
    for (let i = 2; this.names.has(candidate.toLowerCase()); i++)
      candidate = name.replace(/\.npy$/, `-${i}.npy`);
    this.names.add(candidate.toLowerCase());
    return candidate;
  }
}

function requestJson(call: CallRecord, tensors: TensorWriter, prefix: string): Record<string, unknown> {
  if (call.method === 'init') return { ...call.request };
  const r = call.request;
  const parameters = Object.fromEntries(
    Object.entries(r.parameters).map(([name, t]) => [name, tensors.json(t, `${prefix}.${name}`)]),
  );
  return {
    kwargs: r.kwargs,
    dtype: r.dtype,
    parameters,
    input: tensors.json(r.input, `${prefix}.input`),
    hx: r.hx ? tensors.json(r.hx, `${prefix}.hx`) : null,
    ...(r.dropoutMasks
      ? { dropoutMasks: r.dropoutMasks.map((m, i) => tensors.json(m, `${prefix}.dropout-mask-${i}`)) }
      : {}),
  };
}

function answerJson(a: Answer, tensors: TensorWriter, prefix: string): Record<string, unknown> {
  if (a.kind === 'result')
    return {
      kind: a.kind,
      output: tensors.json(a.output, `${prefix}.output`),
      h_n: tensors.json(a.h_n, `${prefix}.h_n`),
    };
  if (a.kind !== 'state_dict') return { ...a };
  const parameters = Object.entries(a.parameters).map(([name, t]) => [
    name,
    typeof t === 'string' ? { unreadable: t } : tensors.json(t, `${prefix}.${name}`),
  ]);
  return { kind: a.kind, parameters: Object.fromEntries(parameters) };
}

function evidenceJson(e: Evidence, tensors: TensorWriter): Record<string, unknown> {
  const calls = e.calls.map((call, i) => ({
    method: call.method,
    request: requestJson(call, tensors, `call-${i}.request`),
    answer: answerJson(call.answer, tensors, `call-${i}.answer`),
  }));
  const compared = e.compared.map((c) => ({
    what: c.what,
    expected: tensors.json(c.expected, `expected.${c.what}`),
    actual: c.actual ? tensors.json(c.actual, `actual.${c.what}`) : null,
    allowance: c.allowance ? tensors.json(c.allowance, `allowance.${c.what}`) : null,
  }));
  return {
    ...(e.comparedWith ? { comparedWith: e.comparedWith } : {}),
    calls,
    ...(e.expectedRejection ? { expectedRejection: e.expectedRejection } : {}),
    compared,
  };
}

/** A number as the dump writes it: JSON's own, or a string for NaN, the infinities and -0. */
function dumpNumber(v: number): number | string {
  if (Object.is(v, -0)) return '-0';
  return Number.isFinite(v) ? v : String(v);
}

const NUMBER_TOKEN = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|"(NaN|Infinity|-Infinity|-0)")$/;

/** Numbers JSON cannot hold exactly as strings; typed arrays as arrays; each array of numbers on one line. */
export function dumpJson(value: unknown): string {
  const text = JSON.stringify(
    value,
    (_key, v) => {
      if (v instanceof Float64Array) return Array.from(v, dumpNumber);
      return typeof v === 'number' ? dumpNumber(v) : v;
    },
    2,
  );
  const oneLine = (all: string, inner: string) => {
    const items = inner.split(',').map((x) => x.trim());
    return items.every((x) => NUMBER_TOKEN.test(x)) ? `[${items.join(', ')}]` : all;
  };
  return `${text.replace(/\[([^[\]{}]+)\]/g, oneLine)}\n`;
}

export interface DumpContext {
  /** The command that checks this implementation, for the replay line: `gru-conformance check <impl>`. */
  command: string;
}

/** The clause a failure is filed under: the first it is blamed on (goldens), else the check's first. */
const clauseOf = (o: CheckOutcome) => (o.failure?.blame ?? o.clauses)[0];

function caseJson(
  o: CheckOutcome,
  evidence: Evidence,
  report: Report,
  ctx: DumpContext,
  tensors: TensorWriter,
) {
  const f = o.failure!;
  return {
    format: DUMP_FORMAT,
    formatVersion: 1,
    check: { id: o.id, family: o.family, clauses: o.clauses, title: o.title },
    clause: clauseOf(o),
    ...(f.blame ? { blame: f.blame } : {}),
    kind: evidence.kind,
    message: f.message,
    minimalCase: f.counterexample ?? null,
    ...(f.replay ? { replay: { token: f.replay, command: `${ctx.command} --replay ${f.replay}` } } : {}),
    ...(f.round !== undefined ? { round: f.round, roundSeed: (report.options.seed + f.round) >>> 0 } : {}),
    run: { implementation: report.implementation, suite: report.suite, options: report.options },
    ...evidenceJson(evidence, tensors),
  };
}

export interface DumpSummary {
  dir: string;
  cases: number;
  files: number;
  bytes: number;
}

/** Writes the dump of a run's failing checks into `dir` (checked by prepareDumpDir before the run). */
export function writeDump(dir: string, report: Report, ctx: DumpContext): DumpSummary {
  const full = resolve(dir);
  mkdirSync(full, { recursive: true });
  clearEarlierDump(full);
  const taken = new Set<string>();
  const dumps: Record<string, unknown>[] = [];
  const summary: DumpSummary = { dir: full, cases: 0, files: 1, bytes: 0 };
  for (const o of report.checks) {
    if (o.status !== 'fail' || o.failure === undefined) continue;
    const blamed = o.failure.blame ?? o.clauses;
    const entry = { check: o.id, clause: blamed[0], clauses: blamed, family: o.family };
    const message = o.failure.message;
    const evidence = o.failure.evidence;
    if (evidence === undefined) {
      dumps.push({
        ...entry,
        kind: o.failure.kind ?? null,
        message,
        path: null,
        note: 'no evidence was kept',
      });
      continue;
    }
    let name = safeName(o.id);
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${safeName(o.id)}-${i}`;
    taken.add(name.toLowerCase());
    const folder = join(full, name);
    mkdirSync(folder);
    const tensors = new TensorWriter(folder);
    const text = tensors.fill(dumpJson(caseJson(o, evidence, report, ctx, tensors)));
    writeFileSync(join(folder, 'case.json'), text);
    summary.cases++;
    summary.files += readdirSync(folder).length;
    summary.bytes += Buffer.byteLength(text) + tensors.bytes.npy;
    dumps.push({ ...entry, kind: evidence.kind, message, path: `${name}/case.json` });
  }
  const index = {
    format: `${DUMP_FORMAT}-index`,
    formatVersion: 1,
    implementation: report.implementation,
    suite: report.suite,
    options: report.options,
    verdict: report.verdict,
    dumps,
  };
  const text = dumpJson(index);
  writeFileSync(join(full, INDEX), text);
  summary.bytes += Buffer.byteLength(text);
  return summary;
}

// Shared pieces of the adversarial tests: hostile fixtures, a temporary folder, the report schema.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';
import { cliWith, ROOT } from '../helpers/cli.js';

export const IN_PROCESS = 'test/adversarial/fixtures/in-process.js';
export const HOSTILE_CHILD = 'test/adversarial/fixtures/hostile-child.mjs';
export const ANSWER_TABLE = 'test/adversarial/fixtures/answer-table.js';

export const tempDir = () => mkdtempSync(join(tmpdir(), 'gru-adversarial-'));

const schema = JSON.parse(readFileSync(join(ROOT, 'spec/report.schema.json'), 'utf8'));
const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);

/** Runs `check` (or `fuzz`) on a hostile in-process behaviour (test/adversarial/fixtures/in-process.js). */
// One check thread: these runs are about the gate's verdict, not about workers (test/cli/workers.test.ts).
export function hostile(mode: string, ...args: string[]) {
  return cliWith(
    { env: { GRU_HOSTILE: mode } },
    args[0] === 'fuzz' ? 'fuzz' : 'check',
    IN_PROCESS,
    '--workers',
    '1',
    ...(args[0] === 'fuzz' ? args.slice(1) : args),
  );
}

/** `check --cmd` on a hostile protocol child; its state (strike flag, pids) lives in `dir`. */
export function hostileChild(mode: string, dir: string, ...args: string[]) {
  return cliWith(
    {},
    ...[args[0] === 'fuzz' ? 'fuzz' : 'check'],
    '--cmd',
    `node ${HOSTILE_CHILD} ${mode} ${dir}`,
    '--workers',
    '1',
    ...(args[0] === 'fuzz' ? args.slice(1) : args),
  );
}

/** Reads a JSON report and checks it against spec/report.schema.json. */
export function readReport(path: string) {
  const report = JSON.parse(readFileSync(path, 'utf8'));
  expect(validate(report) ? [] : validate.errors).toEqual([]);
  return report;
}

/** Reads a JUnit report, checks that it is well-formed XML 1.0, and returns it parsed. */
export function readJunit(path: string) {
  const xml = readFileSync(path, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  // Strict XML 1.0: no character outside the allowed ranges (U+FFFE, U+FFFF, controls, lone surrogates).
  expect(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)).toBe(false);
  return new XMLParser({ ignoreAttributes: false }).parse(xml);
}

/** True once the process is gone (polled for up to 2 s). */
export async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

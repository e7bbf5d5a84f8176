// Runs the CLI from source, as a user runs it, without throwing on a non-zero exit.
import { join } from 'node:path';
import { execa } from 'execa';

export const ROOT = join(import.meta.dirname, '..', '..');

export function cli(...args: string[]) {
  return execa('node', ['--import', 'tsx', 'harness/cli/main.ts', ...args], { cwd: ROOT, reject: false });
}

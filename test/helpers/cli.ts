// Runs the built CLI (dist/, built by test/global-setup.ts), as a user runs it, without throwing on a non-zero
// exit.
import { join } from 'node:path';
import { execa } from 'execa';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist/harness/cli/main.js');

export function cli(...args: string[]) {
  return execa('node', [CLI, ...args], { cwd: ROOT, reject: false });
}

/** The CLI with extra environment variables. */
export function cliWith(options: { env?: Record<string, string> }, ...args: string[]) {
  return execa('node', [CLI, ...args], { cwd: ROOT, reject: false, env: options.env });
}

// The check, fuzz and merge commands run inside the test's own process: the same code a spawned CLI runs after
// main.ts has picked the command (argument parsing, the run, the reports, the exit status it returns), without
// the half second of CPU a Node start and module load costs. For tests that run the commands many times to
// compare their reports; what only a real process shows (exit status, signals, stdout) stays with cli().
import { vi } from 'vitest';

export interface InProcessRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `check`, `fuzz` or `merge` with these arguments; console output is captured, not printed. One call at a
 * time. */
export async function runInProcess(
  command: 'check' | 'fuzz' | 'merge',
  ...args: string[]
): Promise<InProcessRun> {
  const { checkCommand, fuzzCommand } = await import('../../harness/cli/run-commands.js');
  const { mergeCommand } = await import('../../harness/cli/merge.js');
  const commands = { check: checkCommand, fuzz: fuzzCommand, merge: mergeCommand };
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const exitCode = await commands[command](args);
    return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

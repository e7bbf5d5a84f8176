// Killing everything an implementation process started, including descendants that left its process group
// or session (setsid) and ignore SIGTERM. Each child gets a marker in its environment, which descendants
// inherit; on Linux, /proc finds every process carrying it, and every descendant by parent pid.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks an implementation process and everything it starts. */
export const MARKER_VARIABLE = 'GRU_CONFORMANCE_CHILD';

export function newMarker(): string {
  return randomUUID();
}

interface ProcInfo {
  pid: number;
  ppid: number;
}

function listProcesses(): ProcInfo[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return []; // not Linux: the process-group kill is all there is
  }
  const out: ProcInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...; comm may hold spaces and parentheses, so read after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), ppid: Number(fields[1]) });
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

function carriesMarker(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1')
      .split('\0')
      .includes(`${MARKER_VARIABLE}=${marker}`);
  } catch {
    return false;
  }
}

/** The pids of `root`'s descendants (by parent pid) and of every process carrying `marker`, root excluded. */
export function markedProcesses(root: number | undefined, marker: string): number[] {
  const procs = listProcesses();
  const found = new Set<number>();
  for (const p of procs) if (p.pid !== process.pid && carriesMarker(p.pid, marker)) found.add(p.pid);
  if (root !== undefined) {
    let frontier = [root];
    while (frontier.length > 0) {
      const children = procs.filter((p) => frontier.includes(p.ppid)).map((p) => p.pid);
      frontier = children.filter((pid) => !found.has(pid));
      for (const pid of frontier) found.add(pid);
    }
  }
  found.delete(process.pid);
  return [...found];
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * SIGKILLs the process group of `pid`, every process carrying `marker`, and, while `pid` is still alive (its pid
 * cannot have been reused), its descendants by parent pid. Marked processes are looked for twice, for forks.
 */
export function killTree(pid: number | undefined, marker: string, alive: boolean): void {
  // Found before the group kill: once the root is gone, its orphans no longer point at it.
  const before = markedProcesses(alive ? pid : undefined, marker);
  if (pid !== undefined) {
    try {
      process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
    } catch {
      kill(pid);
    }
  }
  for (const p of before) kill(p);
  for (const p of markedProcesses(undefined, marker)) kill(p);
}

// The --dump folder: checked before a run (created if missing, writable, empty or holding an earlier dump), the
// earlier dump cleared before a new one is written (only what its index lists), and check ids made safe names.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DUMP_FORMAT = 'gru-conformance/dump';
export const INDEX = 'index.json';

/** A --dump folder that cannot take a dump; the message names the folder and why. */
export class DumpDirError extends Error {}

/** A name that is safe as one path segment: no separators, no leading dot, nothing but [A-Za-z0-9._-]. */
export function safeName(text: string): string {
  let name = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '_');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  return (name || '_').slice(0, 120);
}

/** The case folders an earlier dump's index lists, or null when `dir` holds no index of a dump. */
function earlierDump(dir: string): string[] | null {
  let index: { format?: unknown; dumps?: { path?: unknown }[] };
  try {
    index = JSON.parse(readFileSync(join(dir, INDEX), 'utf8'));
  } catch {
    return null;
  }
  if (index?.format !== `${DUMP_FORMAT}-index` || !Array.isArray(index.dumps)) return null;
  return index.dumps
    .map((d) => (typeof d?.path === 'string' ? d.path.split('/')[0] : ''))
    .filter((name) => name !== '' && name === safeName(name));
}

/**
 * Checks `dir` before a run: it is created if missing, must be writable, and empty or holding only an earlier
 * dump (which the new one replaces). Throws DumpDirError saying what is wrong.
 */
export function prepareDumpDir(dir: string): void {
  if (dir.trim() === '') throw new DumpDirError(`expected a folder, got ''`);
  const full = resolve(dir);
  if (existsSync(full) && !statSync(full).isDirectory())
    throw new DumpDirError(`${full} is a file, not a folder`);
  try {
    mkdirSync(full, { recursive: true });
  } catch (e) {
    throw new DumpDirError(`cannot create the folder ${full} (${(e as Error).message})`);
  }
  const probe = join(full, `.gru-conformance-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (e) {
    throw new DumpDirError(`the folder ${full} is not writable (${(e as Error).message})`);
  }
  const entries = readdirSync(full);
  if (entries.length === 0) return;
  const mine = new Set([INDEX, ...(earlierDump(full) ?? [])]);
  const foreign = entries.filter((e) => !mine.has(e));
  if (foreign.length > 0 || !entries.includes(INDEX))
    throw new DumpDirError(
      `the folder ${full} is not empty and is not an earlier dump (it holds ${foreign[0] ?? entries[0]}); give an empty or new folder`,
    );
}

/** Removes the case folders of an earlier dump (only those its index lists) and its index. */
export function clearEarlierDump(dir: string): void {
  for (const name of earlierDump(dir) ?? []) rmSync(join(dir, name), { recursive: true, force: true });
  rmSync(join(dir, INDEX), { force: true });
}

// The clause list (spec/clauses.json) as typed data, for the harness, the renderer and the tests.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Clause {
  id: string;
  kind: 'behaviour' | 'equation' | 'error' | 'warning' | 'note';
  title: string;
  statement: string;
  source: string[];
  status: 'active' | 'deprecated';
  error?: { type: string; stage: 'construct' | 'forward' | 'backward' };
  notes?: string;
  replacedBy?: string;
}

export interface ClauseFile {
  schemaVersion: number;
  areas: Record<string, string>;
  clauses: Clause[];
}

/** spec/clauses.json, found from this file's place in the source tree or in dist/. */
function findClauses(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'clauses.json'), join(dir, 'spec', 'clauses.json')]) {
      if (existsSync(candidate)) return candidate;
    }
    if (dirname(dir) === dir) throw new Error('gru-conformance: cannot find spec/clauses.json');
  }
}

export const CLAUSES_PATH = findClauses();

export function loadClauses(path = CLAUSES_PATH): ClauseFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ClauseFile;
}

/** gru.<area>.<slug>, slug = kebab-case words. */
export const CLAUSE_ID = /^gru\.([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;

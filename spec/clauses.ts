// The clause list (spec/clauses.json) as typed data, for the harness, the renderer and the tests.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Clause {
  id: string;
  kind: 'behaviour' | 'equation' | 'error' | 'warning' | 'note';
  title: string;
  statement: string;
  source: string[];
  status: 'active' | 'deprecated';
  error?: { type: string; stage: 'construct' | 'forward' };
  notes?: string;
  replacedBy?: string;
}

export interface ClauseFile {
  schemaVersion: number;
  areas: Record<string, string>;
  clauses: Clause[];
}

export const CLAUSES_PATH = fileURLToPath(new URL('./clauses.json', import.meta.url));

export function loadClauses(path = CLAUSES_PATH): ClauseFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ClauseFile;
}

/** gru.<area>.<slug>, slug = kebab-case words. */
export const CLAUSE_ID = /^gru\.([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)$/;

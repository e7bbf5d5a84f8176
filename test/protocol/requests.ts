// Requests and commands shared by the protocol tests.
import { join } from 'node:path';
import { caseRequest, type GruCase, SMALL_CASE } from '../../harness/cases/gru-case.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { tensor } from '../../oracle/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

/** The oracle behind serve(), as `gru-conformance oracle serve` runs it. */
export const ORACLE_SERVE = ['node', fixture('serve-oracle.mjs')];
export const PYTHON_EXAMPLE = [
  'uv',
  'run',
  '--offline',
  'python',
  join(ROOT, 'examples/python/gru_numpy.py'),
];

export const SMALL: GruCase = { ...SMALL_CASE, omitDefaults: true, seed: 7 };

/** A small valid request; `with` overrides fields of the case. */
export function smallRequest(with_: Partial<GruCase> = {}): GruRequest {
  return caseRequest({ ...SMALL, ...with_ });
}

/** A request the faulty fixture strikes on: its input data starts with 666. */
export function triggerRequest(): GruRequest {
  const r = smallRequest();
  const data = Float64Array.from(r.input.data);
  data[0] = 666;
  return { ...r, input: tensor(r.input.dtype, r.input.shape, data) };
}

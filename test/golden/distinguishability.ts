// Which known wrong variants each golden separates from nn.GRU (used by the test and by npm run teeth:matrix).

import { type Golden, goldenRequest, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { judge } from '../../harness/judging/judge.js';
import { requestScale, scaleTolerance } from '../../harness/judging/tolerance.js';
import { type CallFacts, KNOWN_VARIANTS, type Variant } from '../../harness/variants/registry.js';
import { variantForward } from '../../harness/variants/variant-gru.js';
import { resolveKwargs } from '../../oracle/index.js';

export const EVAL_GOLDENS = loadManifest()
  .cases.filter((e) => e.kind === 'forward')
  .map((e) => loadGolden(e))
  .filter((g) => g.mode === 'eval');

/** Whether a golden was recorded in float16 or bfloat16. */
export const isHalf = (g: Golden): boolean => g.dtype === 'float16' || g.dtype === 'bfloat16';

/** The golden replay's allowance (2K, spec/tolerance.md), its scale over the call's finite values. */
export function goldenTolerance(g: Golden) {
  return scaleTolerance(goldenRequest(g), 'golden');
}

/** What decides which variants can change the golden's result (harness/variants/registry.ts, `applies`). */
export function callFacts(g: Golden): CallFacts {
  const options = resolveKwargs(g.kwargs).options;
  const batched = g.input.shape.length === 3;
  const scale = requestScale(g);
  return {
    options,
    batched,
    steps: batched && options.batch_first ? g.input.shape[1] : g.input.shape[0],
    batch: !batched ? 1 : options.batch_first ? g.input.shape[0] : g.input.shape[1],
    hxGiven: g.hx !== null,
    dtype: g.dtype,
    scale,
    // The allowance grows with the conditioning scale m (spec/tolerance.md): once it exceeds 1e-3 it is too wide
    // to resolve the value variants, whose effects are 1e-3 to 1 on unit-scale data; such goldens (large
    // magnitudes) evidence saturation only. A half-precision allowance never comes under 1e-3: whether a half
    // golden resolves a variant is what its separation measures, and the half goldens are required to separate
    // each variant together, not one by one (distinguishability.test.ts).
    resolvesValues: isHalf(g)
      ? !g.clauses.includes('gru.num.saturation')
      : goldenTolerance(g).unit * scale <= 1e-3,
    saturated: g.clauses.includes('gru.num.saturation'),
  };
}

/** Whether a variant can change this golden's result at all (e.g. reverse-direction variants need D = 2). */
export function applies(v: Variant, g: Golden): boolean {
  return v.applies(callFacts(g));
}

export interface Separation {
  /** Applicable variants the golden tells apart from nn.GRU. */
  separated: string[];
  /** Applicable variants it cannot tell apart (must be none). */
  blind: string[];
}

/** Each golden's separation, computed once per process (the tests and the kill-matrix document ask again). */
const separations = new Map<string, Separation>();

/** Runs every applicable variant on the golden's call and compares it with PyTorch's recorded result. */
export function separation(g: Golden): Separation {
  const known = separations.get(g.id) ?? separate(g);
  separations.set(g.id, known);
  return known;
}

function separate(g: Golden): Separation {
  const request = goldenRequest(g);
  const tol = goldenTolerance(g);
  const expected = { output: g.expected.output!, h_n: g.expected.h_n! };
  const result: Separation = { separated: [], blind: [] };
  for (const v of KNOWN_VARIANTS.filter((v) => applies(v, g))) {
    // A variant that cannot even run this call (its hx no longer fits, say) is separated by it too.
    let ok = false;
    try {
      ok = judge({ kind: 'result', response: variantForward(v.switches, request) }, expected, tol).ok;
    } catch {
      ok = false;
    }
    (ok ? result.blind : result.separated).push(v.id);
  }
  return result;
}

/** A histogram of how many variants each golden separates, for the kill-matrix document. */
export function renderDistinguishability(): string {
  const counts = EVAL_GOLDENS.map((g) => ({ id: g.id, n: separation(g).separated.length }));
  const byCount = new Map<number, string[]>();
  for (const c of counts) byCount.set(c.n, [...(byCount.get(c.n) ?? []), c.id]);
  const lines = [
    '## Distinguishability of the goldens',
    '',
    `How many of the ${KNOWN_VARIANTS.length} known wrong variants (harness/variants/registry.ts) each of the ${counts.length} eval-mode forward goldens tells apart from nn.GRU, counting only the variants that can change its result (test/golden/distinguishability.ts says which).`,
    '',
    '| variants separated | goldens |',
    '|---:|---|',
  ];
  for (const n of [...byCount.keys()].sort((a, b) => a - b)) {
    const ids = byCount.get(n)!;
    lines.push(`| ${n} | ${ids.length}: ${ids.slice(0, 6).join(', ')}${ids.length > 6 ? ', ...' : ''} |`);
  }
  lines.push('');
  return lines.join('\n');
}

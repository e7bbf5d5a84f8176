// Which known wrong variants each golden separates from nn.GRU (used by the test and by npm run teeth:matrix).

import { type Golden, goldenRequest, loadGolden, loadManifest } from '../../harness/cases/goldens.js';
import { judge } from '../../harness/judging/judge.js';
import { conditioningScale, TOLERANCE_FACTOR, toleranceFor } from '../../harness/judging/tolerance.js';
import { EQUATION_VARIANTS, STRUCTURE_VARIANTS, type Variant } from '../../harness/variants/registry.js';
import { variantForward } from '../../harness/variants/variant-gru.js';
import { resolveKwargs } from '../../oracle/index.js';

export const EVAL_GOLDENS = loadManifest()
  .cases.filter((e) => e.kind === 'forward')
  .map((e) => loadGolden(e))
  .filter((g) => g.mode === 'eval');

/** Whether a variant can change this golden's result at all (e.g. reverse-direction variants need D = 2). */
export function applies(v: Variant, g: Golden): boolean {
  const o = resolveKwargs(g.kwargs).options;
  const batched = g.input.shape.length === 3;
  const steps = batched && o.batch_first ? g.input.shape[1] : g.input.shape[0];
  const batch = !batched ? 1 : o.batch_first ? g.input.shape[0] : g.input.shape[1];
  if (batch === 0)
    return v.id === 'rejects-empty-batch' || (v.id === 'h-n-batch-first' && o.batch_first && batched);
  // tanh(v) overflows only for |v| > 710. Conversely, the allowance grows with the conditioning scale m
  // (spec/tolerance.md): once it exceeds 1e-3 it is too wide to resolve the value variants, whose effects
  // are 1e-3 to 1 on unit-scale data; such goldens (large magnitudes) evidence saturation only.
  const scale = conditioningScale(g.kwargs, g.parameters, g.input, g.hx);
  if (v.id === 'overflowing-tanh') return scale > 710;
  if (toleranceFor(g.dtype, scale, 2 * TOLERANCE_FACTOR[g.dtype]).unit * scale > 1e-3) return false;
  switch (v.id) {
    case 'reset-before-matmul':
      // W_hn (r * h) = r * (W_hn h) when H = 1; only b_hn tells the two apart then.
      return o.hidden_size > 1 || o.bias;
    case 'reverse-not-reversed':
    case 'reverse-not-realigned':
      return o.bidirectional && steps > 1;
    case 'h-n-direction-swapped':
      return o.bidirectional;
    case 'h-n-layer-reversed':
      return o.num_layers > 1;
    case 'h-n-batch-first':
      // Transposing h_n (D * num_layers, N, H) changes nothing when both leading sizes are 1.
      return o.batch_first && batched && (batch > 1 || o.num_layers * (o.bidirectional ? 2 : 1) > 1);
    case 'batch-first-ignored':
      return o.batch_first && batched;
    case 'b-hn-outside-reset':
      return o.bias;
    case 'rejects-empty-batch':
      return false;
    case 'hx-ignored':
      return g.hx !== null;
    case 'no-recurrence':
      return steps > 1;
    case 'reverse-forward-weights':
      return o.bidirectional;
    case 'hx-direction-major':
      // row d * NL + k is row k * D + d when D = 1 or NL = 1
      return g.hx !== null && o.bidirectional && o.num_layers > 1;
    case 'hx-batch-first':
      // reading (rows, N, H) as (N, rows, H) changes nothing when either is 1
      return (
        g.hx !== null && batched && o.batch_first && batch > 1 && o.num_layers * (o.bidirectional ? 2 : 1) > 1
      );
    case 'hx-layer-0-every-layer':
      return g.hx !== null && o.num_layers > 1;
    case 'next-layer-reverse-first':
      return o.bidirectional && o.num_layers > 1;
    case 'h-n-last-layer-repeated':
      return o.num_layers > 1;
    case 'inputs-rounded-to-float32':
      // saturated gates (gru.num.saturation goldens) have no slope for a rounding of the input to move
      return g.dtype === 'float64' && !g.clauses.includes('gru.num.saturation');
    default:
      return true;
  }
}

export interface Separation {
  /** Applicable variants the golden tells apart from nn.GRU. */
  separated: string[];
  /** Applicable variants it cannot tell apart (must be none). */
  blind: string[];
}

/** The golden replay's allowance (2K, spec/tolerance.md), its scale over the call's finite values. */
export function goldenTolerance(g: Golden) {
  return toleranceFor(
    g.dtype,
    conditioningScale(g.kwargs, g.parameters, g.input, g.hx),
    2 * TOLERANCE_FACTOR[g.dtype],
  );
}

/** Runs every applicable variant on the golden's call and compares it with PyTorch's recorded result. */
export function separation(g: Golden): Separation {
  const request = goldenRequest(g);
  const tol = goldenTolerance(g);
  const expected = { output: g.expected.output!, h_n: g.expected.h_n! };
  const result: Separation = { separated: [], blind: [] };
  for (const v of [...EQUATION_VARIANTS, ...STRUCTURE_VARIANTS].filter((v) => applies(v, g))) {
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
    `How many of the ${EQUATION_VARIANTS.length + STRUCTURE_VARIANTS.length} known wrong variants (harness/variants/registry.ts) each of the ${counts.length} eval-mode forward goldens tells apart from nn.GRU, counting only the variants that can change its result (test/golden/distinguishability.ts says which).`,
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

// Numerics against the oracle on generated cases, one property per area of the contract.
import { caseRequest, type GruCase, gruCaseArb } from '../cases/gru-case.js';
import type { GruRequest } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { expectationOf, judgeCall } from '../judging/expectation.js';
import type { Verdict } from '../judging/verdict.js';
import { runProperty } from './property.js';
import type { Check, CheckContext } from './types.js';

const timeMajor = (c: GruCase): GruCase => ({ ...c, batched: true, batch_first: false });

/** One area of the contract, checked against the oracle on generated cases narrowed to it. */
interface NumericArea {
  id: string;
  clauses: string[];
  title: string;
  fit: (c: GruCase) => GruCase;
  /** Allow long sequences in this check. */
  long?: boolean;
}

const AREAS: NumericArea[] = [
  {
    id: 'numeric.one-step',
    clauses: [
      'gru.eq.reset-gate',
      'gru.eq.update-gate',
      'gru.eq.new-gate',
      'gru.eq.hidden-update',
      'gru.eq.gate-order',
    ],
    title: 'one step of one layer (the cell equations, r|z|n gate order) matches the oracle',
    fit: (c) => ({ ...timeMajor(c), steps: 1, num_layers: 1, bidirectional: false, hxGiven: true }),
  },
  {
    id: 'numeric.sequence',
    clauses: ['gru.eq.recurrence'],
    title: 'sequences through one unidirectional layer match the oracle',
    fit: (c) => ({ ...timeMajor(c), steps: Math.max(c.steps, 2), num_layers: 1, bidirectional: false }),
    long: true,
  },
  {
    id: 'numeric.bidirectional',
    clauses: [
      'gru.dir.reverse-time',
      'gru.dir.reverse-output-time-aligned',
      'gru.dir.output-concat',
      'gru.dir.h-n-index',
    ],
    title: 'one bidirectional layer matches the oracle',
    fit: (c) => ({ ...timeMajor(c), steps: Math.max(c.steps, 2), num_layers: 1, bidirectional: true }),
  },
  {
    id: 'numeric.layers',
    clauses: ['gru.layer.stacking', 'gru.layer.input-width', 'gru.dir.h-n-index'],
    title: 'stacked layers match the oracle',
    fit: (c) => ({ ...timeMajor(c), num_layers: Math.max(c.num_layers, 2) }),
  },
  {
    id: 'numeric.batch-first',
    clauses: ['gru.shape.output-batched', 'gru.shape.input-batched', 'gru.shape.h-n-never-batch-first'],
    title: 'batch_first=True calls match the oracle (h_n stays (D*num_layers, N, H))',
    fit: (c) => ({ ...c, batched: true, batch_first: true }),
  },
  {
    id: 'numeric.unbatched',
    clauses: ['gru.shape.unbatched'],
    title: 'unbatched 2-D calls match the oracle',
    fit: (c) => ({ ...c, batched: false }),
  },
  {
    id: 'numeric.hx-omitted',
    clauses: ['gru.default.hx-zeros', 'gru.shape.h-n'],
    title: 'calls without hx match the oracle (hx defaults to zeros)',
    fit: (c) => ({ ...c, hxGiven: false }),
  },
  {
    id: 'numeric.inputs-unchanged',
    clauses: ['gru.shape.inputs-unchanged', 'gru.shape.h-n'],
    title:
      'calls with hx match the oracle and leave the input, hx and parameters they were given as they were (every call is checked so)',
    fit: (c) => ({ ...c, hxGiven: true }),
  },
  {
    id: 'numeric.defaults',
    clauses: [
      'gru.ctor.signature',
      'gru.default.num-layers',
      'gru.default.bias',
      'gru.default.batch-first',
      'gru.default.dropout',
      'gru.default.bidirectional',
    ],
    title: 'GRU(input_size, hidden_size) with every optional kwarg omitted matches the documented defaults',
    fit: (c) => ({
      ...c,
      omitDefaults: true,
      num_layers: 1,
      bias: true,
      batch_first: false,
      dropout: 0,
      bidirectional: false,
      batched: true,
    }),
  },
  {
    id: 'numeric.no-bias',
    clauses: ['gru.eq.no-bias', 'gru.param.names'],
    title: 'bias=False calls (no bias parameters) match the oracle',
    fit: (c) => ({ ...c, bias: false }),
  },
  {
    id: 'numeric.batch-zero',
    clauses: ['gru.shape.batch-zero'],
    title: 'a batch of 0 gives empty output and h_n of the documented shapes',
    fit: (c) => ({ ...c, batched: true, batch: 0 }),
  },
  {
    id: 'numeric.eval-dropout',
    clauses: ['gru.dropout.eval-identity'],
    title: 'dropout > 0 in eval mode matches the oracle (no dropout applied)',
    fit: (c) => ({ ...c, num_layers: Math.max(2, c.num_layers), dropout: c.dropout > 0 ? c.dropout : 0.5 }),
  },
  {
    id: 'numeric.saturation',
    clauses: ['gru.num.saturation'],
    title: 'inputs of magnitude 1e3 to 1e8 saturate the gates without NaN',
    fit: (c) => ({ ...c, inputScale: c.inputScale >= 1e3 ? c.inputScale : 1e4 }),
  },
  {
    id: 'numeric.general',
    clauses: ['gru.num.tolerance', 'gru.dtype.output-matches-input', 'gru.shape.batch-independent'],
    title: 'any configuration, magnitude and sequence length matches the oracle within the tolerance model',
    fit: (c) => c,
    long: true,
  },
];

/** Compares the implementation with the oracle on one generated case. The judge computes the expectation and
 * its allowance from its own request before the implementation sees a copy of it. */
export async function againstOracle(ctx: CheckContext, c: GruCase): Promise<Verdict> {
  return judgeRequest(ctx, caseRequest(c));
}

/** Compares the implementation with the oracle on one request (the judge's own; the implementation gets a copy). */
export async function judgeRequest(ctx: CheckContext, request: GruRequest): Promise<Verdict> {
  const expectation = expectationOf(request);
  return judgeCall(await safeCall(ctx.impl, request, ctx.guard), expectation);
}

export const NUMERIC_CHECKS: Check[] = AREAS.map((area) => ({
  id: area.id,
  family: 'numeric',
  clauses: area.clauses,
  title: area.title,
  run: (ctx) =>
    runProperty(
      area.id,
      gruCaseArb({ dtypes: ctx.dtypes, longSteps: area.long ? 120 : 0 }).map(area.fit),
      ctx,
      (c) => againstOracle(ctx, c),
    ),
}));

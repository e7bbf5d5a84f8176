// Gradients against the oracle on generated calls (capability `backward`), one property per area of the
// backward's contract, judged by the gradient tolerance model (harness/judging/grad-tolerance.ts).
import { canTrain, type GradCase, gradCaseArb, gradRequest } from '../cases/grad-case.js';
import { safeBackwardCall } from '../contract/safe-backward-call.js';
import { gradExpectationOf, judgeBackwardCall } from '../judging/grad-expectation.js';
import type { Verdict } from '../judging/verdict.js';
import { GRAD_REQUIREMENT } from './grad-requirement.js';
import { runProperty } from './property.js';
import type { Check, CheckContext } from './types.js';

interface GradArea {
  id: string;
  clauses: string[];
  title: string;
  fit: (c: GradCase) => GradCase;
  /** Training mode also needs trainMasks. */
  training?: boolean;
}

/** Widths around vector sizes: 7-9, 15-17, 31-33 (a kernel's tail past a multiple of 8, 16 or 32). */
const WIDTHS = [7, 8, 9, 15, 16, 17, 31, 32, 33];
const STEP_EQUATIONS = [
  'gru.grad.hidden-update',
  'gru.grad.new-gate',
  'gru.grad.gates',
  'gru.grad.parameters',
  'gru.grad.bptt',
];

const AREAS: GradArea[] = [
  {
    id: 'grad.numeric.one-layer',
    clauses: [...STEP_EQUATIONS, 'gru.grad.vjp'],
    title: 'one layer, one direction, biases, hx and both upstreams: every gradient matches the oracle',
    fit: (c) => ({
      ...c,
      num_layers: 1,
      bidirectional: false,
      bias: true,
      hxGiven: true,
      upstream: 'both',
      batched: true,
      batch: Math.max(2, c.batch),
      train: false,
    }),
  },
  {
    id: 'grad.numeric.no-bias',
    clauses: ['gru.grad.parameters', 'gru.grad.shapes'],
    title: 'bias=False: only weight gradients (and input, hx), matching the oracle',
    fit: (c) => ({ ...c, bias: false }),
  },
  {
    id: 'grad.numeric.widths',
    clauses: ['gru.grad.parameters', 'gru.grad.vjp'],
    title: 'input and hidden sizes around vector widths (7-9, 15-17, 31-33) match the oracle',
    fit: (c) => ({
      ...c,
      input_size: WIDTHS[c.seed % WIDTHS.length],
      hidden_size: WIDTHS[Math.floor(c.seed / WIDTHS.length) % WIDTHS.length],
      num_layers: Math.min(c.num_layers, 2),
      steps: Math.min(c.steps, 6),
      batch: Math.min(c.batch, 3),
    }),
  },
  {
    id: 'grad.numeric.batch-edges',
    clauses: ['gru.grad.shapes', 'gru.grad.parameters'],
    title: 'batches of 0, 1 and odd sizes: gradients of their shapes, matching the oracle',
    fit: (c) => ({ ...c, batched: true, batch: [0, 1, 3, 5][(c.batch - 1) % 4] ?? 1 }),
  },
  {
    id: 'grad.numeric.reverse',
    clauses: ['gru.grad.bptt', 'gru.grad.layers'],
    title: 'one bidirectional layer: the reverse direction backpropagates from t = 0 back to t = L-1',
    fit: (c) => ({ ...c, bidirectional: true, num_layers: 1 }),
  },
  {
    id: 'grad.numeric.stacked',
    clauses: ['gru.grad.layers', 'gru.grad.bptt'],
    title:
      "stacked layers (2-3, both directions): each layer's input gradient is the lower layer's output gradient",
    fit: (c) => ({ ...c, num_layers: Math.max(2, c.num_layers), bidirectional: true, train: false }),
  },
  {
    id: 'grad.numeric.hx-omitted',
    clauses: ['gru.grad.hx-omitted'],
    title: 'a call without hx: input and parameter gradients match the oracle, and there is no hx gradient',
    fit: (c) => ({ ...c, hxGiven: false }),
  },
  {
    id: 'grad.numeric.layouts',
    clauses: ['gru.grad.shapes'],
    title: 'batch_first and unbatched calls: gradients in the input and hx layouts, upstreams read in theirs',
    fit: (c) => (c.seed % 2 === 0 ? { ...c, batched: true, batch_first: true } : { ...c, batched: false }),
  },
  {
    id: 'grad.numeric.upstream-output',
    clauses: ['gru.grad.vjp', 'gru.grad.bptt'],
    title: 'an upstream on output only (h_n gets none): every gradient matches the oracle',
    fit: (c) => ({ ...c, upstream: 'output' }),
  },
  {
    id: 'grad.numeric.upstream-h-n',
    clauses: ['gru.grad.vjp', 'gru.grad.bptt'],
    title: 'an upstream on h_n only (output gets none): every gradient matches the oracle',
    fit: (c) => ({ ...c, upstream: 'h_n' }),
  },
  {
    id: 'grad.numeric.training',
    clauses: ['gru.grad.dropout', 'gru.grad.layers'],
    title: 'training mode: the dropout masks gate the gradient between layers as they gated the forward',
    fit: (c) => ({
      ...c,
      train: true,
      num_layers: Math.max(2, c.num_layers),
      dropout: c.dropout > 0 ? c.dropout : 0.5,
    }),
    training: true,
  },
  {
    id: 'grad.numeric.long',
    clauses: ['gru.grad.bptt'],
    title: 'long sequences (40 to 100 steps): the gradient reaches the first steps and hx',
    fit: (c) => ({
      ...c,
      steps: 40 + (c.seed % 61),
      batch: Math.min(c.batch, 2),
      num_layers: Math.min(c.num_layers, 2),
    }),
  },
  {
    id: 'grad.numeric.general',
    clauses: ['gru.grad.vjp', 'gru.grad.shapes'],
    title:
      'any call, size, magnitude and upstream: every gradient matches the oracle within the tolerance model',
    fit: (c) => c,
  },
];

/** Compares the implementation's gradients with the oracle's on one generated case (the judge's request first). */
export async function gradAgainstOracle(ctx: CheckContext, c: GradCase): Promise<Verdict> {
  const request = gradRequest(c);
  const expectation = gradExpectationOf(request);
  return judgeBackwardCall(await safeBackwardCall(ctx.impl, request, ctx.guard), expectation);
}

const TRAINING_REASON = 'gradients in training mode need the trainMasks capability too';

export const GRAD_NUMERIC_CHECKS: Check[] = AREAS.map((area) => ({
  id: area.id,
  family: 'grad',
  clauses: area.clauses,
  title: area.title,
  requires: GRAD_REQUIREMENT,
  run: async (ctx) => {
    if (area.training && !canTrain(ctx.impl))
      return { status: 'skip', skipKind: 'capability', skipReason: TRAINING_REASON, cases: 0, worst: [] };
    return runProperty(
      area.id,
      gradCaseArb({ dtypes: ctx.dtypes }, canTrain(ctx.impl)).map(area.fit),
      ctx,
      (c) => gradAgainstOracle(ctx, c),
    );
  },
}));

// Self-initialised parameters (capability `init`): names, shapes and the U(-k, k) law, k = 1/sqrt(hidden_size).
import {
  type DType,
  formatShape,
  type GruKwargs,
  parameterShapes,
  resolveKwargs,
  type Tensor,
} from '../../oracle/index.js';
import { describeThrown, guardedCall, preview, readTensor } from '../contract/safe-call.js';
import type { Answer, PendingEvidence } from '../judging/evidence.js';
import { evidenceField } from './evidence-field.js';
import type { Check, CheckContext, CheckResult } from './types.js';

/**
 * False-alarm rate of the distribution test, per module. Kolmogorov-Smirnov against U(-k, k): the
 * statistic D_n exceeds sqrt(ln(2 / alpha) / 2) / sqrt(n) with probability at most alpha when the law is right.
 */
export const INIT_ALPHA = 1e-3;

const MODULES: GruKwargs[] = [
  { input_size: 5, hidden_size: 4 },
  { input_size: 3, hidden_size: 16, num_layers: 2, bidirectional: true },
  { input_size: 8, hidden_size: 64, bias: false },
];

/** The Kolmogorov-Smirnov statistic of values against U(-k, k). */
export function ksUniform(values: number[], k: number): number {
  const u = values.map((v) => (v + k) / (2 * k)).sort((a, b) => a - b);
  let d = 0;
  u.forEach((x, i) => {
    d = Math.max(d, (i + 1) / u.length - x, x - i / u.length);
  });
  return d;
}

const STOPPED = 'stopped';

/** A module's problem, with the call and its answer as evidence. */
interface ModuleProblem {
  message: string;
  evidence: PendingEvidence;
}

/** One module's problem, null when it passes, or STOPPED when the run stopped before init answered. */
async function checkModule(
  ctx: CheckContext,
  kwargs: GruKwargs,
  seed: number,
): Promise<ModuleProblem | null | typeof STOPPED> {
  // float32 when checked, else float64, else the first (half-precision) dtype of the run.
  const dtype: DType = (['float32', 'float64'] as const).find((d) => ctx.dtypes.includes(d)) ?? ctx.dtypes[0];
  const impl = ctx.impl;
  const request = { kwargs, dtype, seed };
  const o = await guardedCall(impl, request, (r) => impl.init!(r), ctx.guard);
  if (o.kind === 'stopped') return STOPPED;
  let message: string | null;
  if (o.kind !== 'value') message = `init failed for ${JSON.stringify(kwargs)}: ${o.message}`;
  else {
    try {
      message = judgeModule(o.value, kwargs);
    } catch (e) {
      message = `reading what init returned threw: ${describeThrown(e)}`;
    }
  }
  if (message === null) return null;
  const answer: Answer = o.kind === 'value' ? stateDictAnswer(o.value) : o;
  return { message, evidence: { kind: 'init', calls: [{ method: 'init', request, answer }], compared: [] } };
}

/** What init returned, each entry read as a tensor where it can be (for --dump). */
function stateDictAnswer(value: unknown): Answer {
  try {
    if (typeof value !== 'object' || value === null)
      return { kind: 'failure', message: `returned ${preview(value)}, not a state_dict` };
    const raw = value as Record<string, unknown>;
    return {
      kind: 'state_dict',
      parameters: Object.fromEntries(Object.keys(raw).map((name) => [name, readTensor(raw[name])])),
    };
  } catch (e) {
    return { kind: 'failure', message: `reading what init returned threw: ${describeThrown(e)}` };
  }
}

/** The problem with a state_dict an implementation initialised, or null. */
function judgeModule(value: unknown, kwargs: GruKwargs): string | null {
  const { options } = resolveKwargs(kwargs);
  if (typeof value !== 'object' || value === null)
    return `init returned ${preview(value)}, not a state_dict, for ${JSON.stringify(kwargs)}`;
  const raw = value as Record<string, unknown>;
  const expected = parameterShapes(options);
  const names = Object.keys(raw);
  const want = expected.map(([n]) => n);
  if (names.length !== want.length || want.some((n) => !names.includes(n))) {
    return `gru.param.names: got [${names.join(', ')}], expected [${want.join(', ')}] for ${JSON.stringify(kwargs)}`;
  }
  const params: Record<string, Tensor> = {};
  for (const [name, shape] of expected) {
    const t = readTensor(raw[name]);
    if (typeof t === 'string') return `gru.param.shapes: ${name}: ${t}`;
    if (formatShape(t.shape) !== formatShape(shape))
      return `gru.param.shapes: ${name} is ${formatShape(t.shape)}, expected ${formatShape(shape)}`;
    params[name] = t;
  }
  const k = 1 / Math.sqrt(options.hidden_size);
  const values = expected.flatMap(([name]) => Array.from(params[name].data));
  const outside = values.find((v) => !(Math.abs(v) <= k * (1 + 1e-6)));
  if (outside !== undefined)
    return `gru.init.uniform: value ${outside} outside [-${k}, ${k}] for ${JSON.stringify(kwargs)}`;
  const d = ksUniform(values, k);
  const critical = Math.sqrt(Math.log(2 / INIT_ALPHA) / 2) / Math.sqrt(values.length);
  if (d > critical) {
    return `gru.init.uniform: Kolmogorov-Smirnov D = ${d.toFixed(4)} > ${critical.toFixed(4)} (alpha ${INIT_ALPHA}, n = ${values.length}) for ${JSON.stringify(kwargs)}`;
  }
  return null;
}

export const INIT_CHECK: Check = {
  id: 'init.uniform',
  family: 'init',
  clauses: ['gru.init.uniform', 'gru.param.names', 'gru.param.shapes'],
  title: `self-initialised parameters have PyTorch's names, shapes and U(-1/sqrt(H), 1/sqrt(H)) law (KS test, alpha ${INIT_ALPHA} per module)`,
  requires: { capability: 'init', reason: 'the implementation does not declare the init capability' },
  async run(ctx): Promise<CheckResult> {
    for (const [i, kwargs] of MODULES.entries()) {
      const problem = await checkModule(ctx, kwargs, ctx.seed + i);
      if (problem === STOPPED)
        return { status: 'skip', skipKind: 'stopped', cases: i, worst: [], skipReason: 'the run stopped' };
      if (problem !== null)
        return {
          status: 'fail',
          cases: i + 1,
          worst: [],
          failure: {
            message: problem.message,
            counterexample: { kwargs, seed: ctx.seed + i },
            ...evidenceField(ctx, problem.evidence),
          },
        };
    }
    return { status: 'pass', cases: MODULES.length, worst: [] };
  },
};

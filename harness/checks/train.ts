// Training mode with explicit dropout masks (capability trainMasks): dropout acts only between layers.
import { numDirections, tensor } from '../../oracle/index.js';
import { caseRequest, type GruCase, gruCaseArb } from '../cases/gru-case.js';
import type { GruRequest } from '../contract/request.js';
import { mulberry32 } from '../random.js';
import { judgeRequest } from './numeric.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

/** Masks as PyTorch's dropout draws them: keep with probability 1 - p, scaled by 1 / (1 - p); all 0 when p = 1. */
export function dropoutMasks(c: GruCase): GruRequest['dropoutMasks'] {
  const next = mulberry32(c.seed ^ 0x0d0d);
  const width = numDirections(c) * c.hidden_size;
  const batch = c.batched ? c.batch : 1;
  const scale = c.dropout < 1 ? 1 / (1 - c.dropout) : 0;
  return Array.from({ length: c.num_layers - 1 }, () => {
    const values = Array.from({ length: c.steps * batch * width }, () => (next() < c.dropout ? 0 : scale));
    return tensor(c.dtype, [c.steps, batch, width], values);
  });
}

export const TRAIN_CHECK: Check = {
  id: 'numeric.train-dropout',
  family: 'numeric',
  clauses: ['gru.dropout.between-layers'],
  title:
    'in training mode, each non-last layer output is multiplied by its dropout mask, and nothing else is',
  requires: { capability: 'trainMasks', reason: 'training mode needs the trainMasks capability' },
  runShare: 1 / 2,
  async run(ctx) {
    const arb = gruCaseArb({ dtypes: ctx.dtypes, longSteps: 0 }).map((c) => ({
      ...c,
      num_layers: Math.max(2, c.num_layers),
      dropout: c.dropout > 0 ? c.dropout : 0.5,
    }));
    return runProperty(TRAIN_CHECK.id, arb, ctx, (c) =>
      judgeRequest(ctx, { ...caseRequest(c), dropoutMasks: dropoutMasks(c) }),
    );
  },
};

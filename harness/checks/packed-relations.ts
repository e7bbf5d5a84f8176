// Relations between variable-length calls and other calls of the same implementation, in each form: no oracle,
// only the implementation agreeing with itself (gru.packed.all-full, gru.packed.output, gru.packed.batch-order).
import { packPadded, padPacked, type Tensor } from '../../oracle/index.js';
import { caseRequest } from '../cases/gru-case.js';
import type { Pair } from '../cases/metamorphic-relations.js';
import { type PackedCase, packedCaseArb, requestIn } from '../cases/packed-case.js';
import type { GruRequest, GruResponse } from '../contract/request.js';
import { describeThrown, safeCall } from '../contract/safe-call.js';
import { judgePairs } from '../judging/judge.js';
import { scaleTolerance } from '../judging/tolerance.js';
import { STOPPED_VERDICT } from '../judging/verdict.js';
import { reshape, sliceDim0, takeDim1, transpose01 } from '../tensor-ops.js';
import { FORMS, type FormInfo } from './packed-forms.js';
import { unsortedLengths } from './packed-properties.js';
import { runProperty } from './property.js';
import type { Check } from './types.js';

type Call = (request: GruRequest) => Promise<GruResponse>;

/** Batch elements `order` of a padded tensor, time-major or batch-first. */
function takeBatch(t: Tensor, order: number[], batchFirst: boolean): Tensor {
  return batchFirst ? transpose01(takeDim1(transpose01(t), order)) : takeDim1(t, order);
}

/** A variable-length call's output as a time-major padded tensor of `steps` steps (packed data is unpacked). */
function paddedOutput(c: PackedCase, request: GruRequest, output: Tensor): Tensor {
  if (request.packed === undefined) return c.batch_first ? transpose01(output) : output;
  return padPacked({ data: output, ...request.packed }, false, c.steps).padded;
}

interface PackedRelation {
  name: string;
  clauses: string[];
  title: string;
  fit: (c: PackedCase) => PackedCase;
  run: (form: FormInfo['form'], c: PackedCase, call: Call) => Promise<Pair[]>;
}

const RELATIONS: PackedRelation[] = [
  {
    name: 'all-full',
    clauses: ['gru.packed.all-full'],
    title: 'with every length equal to the padded length, the result is that of the unpacked call',
    fit: (c) => ({ ...c, lengths: c.lengths.map(() => c.steps) }),
    async run(form, c, call) {
      const request = requestIn(form, c);
      const varying = await call(request);
      const plain = await call(caseRequest(c));
      // the unpacked call's output, in the variable-length call's own form
      const expected =
        form === 'packed'
          ? packPadded(plain.output, c.lengths, c.batch_first, c.enforceSorted).data
          : plain.output;
      return [
        { what: 'output', actual: varying.output, expected },
        { what: 'h_n', actual: varying.h_n, expected: plain.h_n },
      ];
    },
  },
  {
    name: 'alone',
    clauses: ['gru.packed.output', 'gru.packed.h-n'],
    title: 'each sequence run alone (unbatched, its own hx rows) gives its slot of the batch',
    fit: (c) => c,
    async run(form, c, call) {
      const request = requestIn(form, c);
      const batch = await call(request);
      const padded = paddedOutput(c, request, batch.output);
      const plain = caseRequest(c);
      const input = c.batch_first ? plain.input : transpose01(plain.input); // [B, T, I]
      const pairs: Pair[] = [];
      for (let b = 0; b < c.batch; b++) {
        const steps = c.lengths[b];
        const own = reshape(sliceDim0(input, b, b + 1), input.shape.slice(1));
        const hx = plain.hx ? reshape(takeDim1(plain.hx, [b]), [plain.hx.shape[0], plain.hx.shape[2]]) : null;
        const alone = await call({ ...plain, input: sliceDim0(own, 0, steps), hx });
        const slot = sliceDim0(reshape(takeDim1(padded, [b]), [c.steps, padded.shape[2]]), 0, steps);
        const row = reshape(takeDim1(batch.h_n, [b]), [batch.h_n.shape[0], batch.h_n.shape[2]]);
        pairs.push(
          { what: `output of sequence ${b} (length ${steps})`, actual: slot, expected: alone.output },
          { what: `h_n of sequence ${b} (length ${steps})`, actual: row, expected: alone.h_n },
        );
      }
      return pairs;
    },
  },
  {
    name: 'permutation',
    clauses: ['gru.packed.batch-order'],
    title: 'permuting the batch (input, lengths, hx) permutes h_n and the padded output the same way',
    fit: (c) => ({ ...unsortedLengths(c), enforceSorted: false }),
    async run(form, c, call) {
      // a rotation by 1..B-1: never the identity
      const shift = 1 + (c.seed % (c.batch - 1));
      const order = Array.from({ length: c.batch }, (_, b) => (b + shift) % c.batch);
      const first = requestIn(form, c);
      const permuted = withBatchOrder(c, order, form);
      const a = await call(first);
      const b = await call(permuted);
      const before = paddedOutput(c, first, a.output);
      return [
        { what: 'h_n', actual: b.h_n, expected: takeDim1(a.h_n, order) },
        {
          what: 'padded output',
          actual: paddedOutput(c, permuted, b.output),
          expected: takeDim1(before, order),
        },
      ];
    },
  },
];

/** The case's call with batch element j taken from element order[j]: input, lengths and hx. */
function withBatchOrder(c: PackedCase, order: number[], form: FormInfo['form']): GruRequest {
  const plain = caseRequest(c);
  const lengths = order.map((b) => c.lengths[b]);
  const input = takeBatch(plain.input, order, c.batch_first);
  const hx = plain.hx ? takeDim1(plain.hx, order) : plain.hx;
  if (form === 'sequenceLengths')
    return { ...plain, input, hx, sequenceLengths: { lengths, enforceSorted: c.enforceSorted } };
  const p = packPadded(input, lengths, c.batch_first, c.enforceSorted);
  const { data, ...fields } = p;
  return { ...plain, input: data, hx, packed: fields };
}

class CallProblem extends Error {}
class Stopped extends Error {}

function relationCheck(info: FormInfo, relation: PackedRelation): Check {
  const id = `packed.${info.idPart}.relation.${relation.name}`;
  return {
    id,
    family: 'packed',
    clauses: relation.clauses,
    title: `${relation.title} (${info.label})`,
    requires: info.requires,
    runShare: 1 / 2,
    run: (ctx) =>
      runProperty(id, packedCaseArb({ dtypes: ctx.dtypes }).map(relation.fit), ctx, async (c) => {
        // both sides carry the implementation's rounding: the relation allowance, from the judge's own request
        const tol = scaleTolerance(caseRequest(c), 'relation');
        const call: Call = async (request) => {
          const o = await safeCall(ctx.impl, request, ctx.guard);
          if (o.kind === 'result') return o.response;
          if (o.kind === 'stopped') throw new Stopped();
          throw new CallProblem(o.kind === 'rejected' ? `rejected a valid call: ${o.message}` : o.message);
        };
        let pairs: Pair[];
        try {
          pairs = await relation.run(info.form, c, call);
        } catch (e) {
          if (e instanceof Stopped) return STOPPED_VERDICT;
          return {
            ok: false,
            message:
              e instanceof CallProblem ? e.message : `results could not be related: ${describeThrown(e)}`,
          };
        }
        return judgePairs(pairs, tol);
      }),
  };
}

export const PACKED_RELATION_CHECKS: Check[] = FORMS.flatMap((info) =>
  RELATIONS.map((r) => relationCheck(info, r)),
);

// Generated variable-length calls, in each form: valid ones against the oracle, one property per area of gru.packed.*,
// and invalid ones (each breaking one of the packed error clauses) that must be rejected naming it.
import fc from 'fast-check';
import { stateRows, tensor } from '../../oracle/index.js';
import { type PackedCase, packedCaseArb, requestIn } from '../cases/packed-case.js';
import type { GruRequest } from '../contract/request.js';
import { safeCall } from '../contract/safe-call.js';
import { FORMS, type FormInfo, judgePackedCall } from './packed-forms.js';
import { runProperty } from './property.js';
import { judgeRejection } from './rejection.js';
import type { Check } from './types.js';

const nonIncreasing = (l: number[]) => l.every((v, i) => i === 0 || v <= l[i - 1]);

/** At least two sequences and two steps, the lengths in a caller's order that is not sorted. */
export function unsortedLengths(c: PackedCase): PackedCase {
  const steps = Math.max(2, c.steps);
  const batch = Math.max(2, c.batch);
  const lengths = Array.from({ length: batch }, (_, b) => c.lengths[b] ?? 1 + ((c.lengths[0] + b) % steps));
  if (nonIncreasing(lengths)) {
    lengths[0] = 1;
    lengths[batch - 1] = steps;
  }
  return { ...c, steps, batch, lengths };
}

interface Area {
  name: string;
  clauses: string[];
  title: string;
  fit: (c: PackedCase) => PackedCase;
}

const AREAS: Area[] = [
  {
    name: 'sequences',
    clauses: ['gru.packed.output', 'gru.packed.h-n'],
    title: 'sequences of different lengths through one unidirectional layer match the oracle',
    fit: (c) => ({ ...c, num_layers: 1, bidirectional: false }),
  },
  {
    name: 'reverse-start',
    clauses: ['gru.packed.reverse-start', 'gru.packed.h-n'],
    title: "a bidirectional layer's reverse direction starts at each sequence's own last step",
    fit: (c) => {
      const steps = Math.max(2, c.steps);
      const lengths = [...c.lengths];
      // some sequence ends before the padded end (the last is the shortest when the lengths are sorted)
      if (lengths.every((l) => l === steps)) lengths[lengths.length - 1] = steps - 1;
      return { ...c, steps, lengths, num_layers: Math.min(c.num_layers, 2), bidirectional: true };
    },
  },
  {
    name: 'batch-order',
    clauses: ['gru.packed.batch-order', 'gru.packed.hx-order'],
    title: "with enforce_sorted=False, hx is read and h_n written in the caller's batch order",
    fit: (c) => ({ ...unsortedLengths(c), enforceSorted: false, hxGiven: true }),
  },
  {
    name: 'general',
    clauses: ['gru.packed.output', 'gru.packed.h-n', 'gru.packed.pack'],
    title: 'any configuration, lengths (ties, all full, length 1) and order matches the oracle',
    fit: (c) => c,
  },
];

function numericCheck(info: FormInfo, area: Area): Check {
  const id = `packed.${info.idPart}.numeric.${area.name}`;
  return {
    id,
    family: 'packed',
    clauses: [...area.clauses, ...info.clauses],
    title: `${area.title} (${info.label})`,
    requires: info.requires,
    run: (ctx) =>
      runProperty(id, packedCaseArb({ dtypes: ctx.dtypes }).map(area.fit), ctx, (c) =>
        judgePackedCall(ctx, requestIn(info.form, c)),
      ),
  };
}

/** An invalid call: the case made to break exactly one clause. */
interface Breach {
  clause: string;
  /** Which forms can carry the call (packing errors happen before a PackedSequence exists). */
  forms: readonly FormInfo['form'][];
  invalidate: (c: PackedCase, pick: number) => { c: PackedCase; edit?: (r: GruRequest) => GruRequest };
}

const BREACHES: Breach[] = [
  {
    clause: 'gru.packed.err-unsorted',
    forms: ['sequenceLengths'],
    invalidate: (c) => ({ c: { ...unsortedLengths(c), enforceSorted: true } }),
  },
  {
    clause: 'gru.packed.err-zero-length',
    forms: ['sequenceLengths'],
    invalidate: (c, pick) => {
      const lengths = [...c.lengths];
      // sorted lengths stay sorted with the 0 last; unsorted ones take it anywhere
      lengths[c.enforceSorted ? lengths.length - 1 : pick % lengths.length] = -(pick % 2);
      return { c: { ...c, lengths } };
    },
  },
  {
    clause: 'gru.packed.err-hx-batch',
    forms: ['packed', 'sequenceLengths'],
    // With enforce_sorted=False PyTorch reorders hx by sorted_indices before checking it, so a larger hx batch
    // goes unchecked (the clause leaves it undefined): unsorted batches get a smaller one, a batch of 1 is sorted.
    invalidate: (original, pick) => {
      const c = original.batch === 1 ? { ...original, enforceSorted: true } : original;
      const larger = c.enforceSorted && pick % 2 === 0;
      return {
        c,
        edit: (r) => {
          const batch = larger || c.batch === 1 ? c.batch + 1 : c.batch - 1;
          const shape = [stateRows(c), batch, c.hidden_size];
          return { ...r, hx: tensor(r.dtype, shape, Array(shape[0] * batch * shape[2]).fill(0.25)) };
        },
      };
    },
  },
];

function invalidCheck(info: FormInfo, breach: Breach): Check {
  const id = `packed.${info.idPart}.invalid.${breach.clause.slice('gru.packed.'.length)}`;
  return {
    id,
    family: 'packed',
    clauses: [breach.clause],
    title: `generated invalid calls (${breach.clause}) are rejected (${info.label})`,
    requires: info.requires,
    runShare: 1 / 4,
    run: (ctx) =>
      runProperty(
        id,
        fc.tuple(packedCaseArb({ dtypes: ctx.dtypes }), fc.nat(11)),
        ctx,
        async ([original, pick]) => {
          const { c, edit } = breach.invalidate(original, pick);
          const request = (edit ?? ((r) => r))(requestIn(info.form, c));
          const o = await safeCall(ctx.impl, request, ctx.guard);
          const what = `lengths [${c.lengths}], enforce_sorted=${c.enforceSorted ? 'True' : 'False'}, input [${request.input.shape}], hx ${request.hx ? `[${request.hx.shape}]` : 'none'} (${info.label})`;
          return judgeRejection(o, { clause: breach.clause, what }, ctx.strictClauses);
        },
      ),
  };
}

export const PACKED_NUMERIC_CHECKS: Check[] = FORMS.flatMap((info) =>
  AREAS.map((a) => numericCheck(info, a)),
);

export const PACKED_INVALID_CHECKS: Check[] = FORMS.flatMap((info) =>
  BREACHES.filter((b) => b.forms.includes(info.form)).map((b) => invalidCheck(info, b)),
);

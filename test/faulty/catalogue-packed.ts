// Faulty GRUs that get variable-length sequences wrong (gru.packed.*): right on every ordinary call, wrong only
// where sequences of different lengths share a batch. Each declares both forms (packed, sequenceLengths).

import { basePackedSteps, type PackedSteps, packedGruOf } from './base-packed.js';
import type { FaultInfo, FaultyGru } from './fault.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function packedFault(info: FaultInfo, overrides: Partial<PackedSteps>): FaultyGru {
  return { ...info, ...packedGruOf(info.id, overrides) };
}

export const packedFaults: FaultyGru[] = [
  packedFault(
    {
      id: 'packed-reverse-from-padded-end',
      description:
        'starts the reverse direction of every sequence at the padded end (t = T-1), reading the padding first',
      clause: 'gru.packed.reverse-start',
      mistake: 'padding-read',
      models:
        'a padded kernel that masks only the forward direction (cuDNN-style layouts without per-sequence reversal)',
    },
    { times: (length, T, reverse) => (reverse ? range(T).map((k) => T - 1 - k) : range(length)) },
  ),
  packedFault(
    {
      id: 'packed-h-n-at-padded-end',
      description:
        "takes h_n from the padded output's last step (t = T-1) for every sequence: 0 for short ones",
      clause: 'gru.packed.h-n',
      mistake: 'h-n-from-output',
      models: 'h_n sliced as output[-1] of the padded output',
    },
    { finalState: (_last, outputAtLastStep) => outputAtLastStep },
  ),
  packedFault(
    {
      id: 'packed-h-n-sorted-order',
      description: "writes h_n in the sorted (decreasing length) order of the packed data, not the caller's",
      clause: 'gru.packed.batch-order',
      mistake: 'unsorted-indices-ignored',
      models: 'h_n not passed through unsorted_indices (PyTorch applies permute_hidden)',
    },
    { hNColumn: (n, batch) => batch.order.indexOf(n) },
  ),
  packedFault(
    {
      id: 'packed-padding-through-recurrence',
      description:
        'runs every sequence over all T padded steps (its output masked to 0 past its length, its state not)',
      clause: 'gru.packed.output',
      mistake: 'padding-read',
      models: 'a mask applied to the output only, so h_n and the reverse direction see the padding',
    },
    { times: (_length, T, reverse) => range(T).map((k) => (reverse ? T - 1 - k : k)) },
  ),
  packedFault(
    {
      id: 'packed-batch-sizes-first-only',
      description:
        'reads batch_sizes[0] only: every step taken to hold all sequences (packed rows misread; lengths ignored)',
      clause: 'gru.packed.pack',
      mistake: 'lengths-ignored',
      models: 'a PackedSequence read as a dense [T, B] batch',
    },
    {
      unpack(o, r) {
        const batch = basePackedSteps.unpack(o, r);
        const { T, B } = batch;
        const full = range(B).map(() => T);
        if (!r.packed) return { ...batch, lengths: full };
        // row t * B + j taken as step t of sorted position j, as if no sequence ended early
        const I = o.input_size;
        const x = new Float64Array(T * B * I);
        for (let t = 0; t < T; t++)
          for (let j = 0; j < B; j++) {
            const row = t * B + j;
            if (row < batch.rows.length)
              x.set(r.input.data.subarray(row * I, (row + 1) * I), (t * B + batch.order[j]) * I);
          }
        return { ...batch, x, lengths: full };
      },
    },
  ),
  packedFault(
    {
      id: 'packed-enforce-sorted-ignored',
      description: 'accepts lengths in any order when enforce_sorted=True (the padded batch needs no order)',
      clause: 'gru.packed.err-unsorted',
      mistake: 'packing-check-missing',
      models: "an adapter over ONNX's sequence_lens, which has no enforce_sorted",
    },
    {
      unpack: (o, r) =>
        basePackedSteps.unpack(
          o,
          r.sequenceLengths ? { ...r, sequenceLengths: { ...r.sequenceLengths, enforceSorted: false } } : r,
        ),
    },
  ),
  packedFault(
    {
      id: 'packed-zero-length-accepted',
      description: 'accepts a length of 0 (that sequence runs no step: its h_n is its hx, its output all 0)',
      clause: 'gru.packed.err-zero-length',
      mistake: 'packing-check-missing',
      models: 'a masked kernel, for which an empty sequence is no special case',
    },
    {
      unpack(o, r) {
        if (!r.sequenceLengths) return basePackedSteps.unpack(o, r);
        // the checks run on lengths of at least 1; the run then uses the lengths as given
        const lengths = r.sequenceLengths.lengths;
        const raised = lengths.map((l) => Math.max(1, l));
        const batch = basePackedSteps.unpack(o, {
          ...r,
          sequenceLengths: { ...r.sequenceLengths, lengths: raised },
        });
        return { ...batch, lengths: lengths.map((l) => Math.max(0, l)) };
      },
    },
  ),
  packedFault(
    {
      id: 'packed-hx-batch-unchecked',
      description:
        "accepts an hx of another batch than the packed one, reading it as if it had the packed batch's",
      clause: 'gru.packed.err-hx-batch',
      mistake: 'packing-check-missing',
      models: "PyTorch's own reordering of hx by sorted_indices, which never checks a larger batch",
    },
    { checkHx: () => undefined },
  ),
];

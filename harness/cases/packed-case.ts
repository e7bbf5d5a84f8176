// Generated calls on variable-length sequences (gru.packed.*): a batched GRU case plus each sequence's length,
// as a request in either form (a PackedSequence's four tensors, or the padded input with its lengths).
import fc from 'fast-check';
import { packPadded, type Tensor } from '../../oracle/index.js';
import type { GruRequest, PackedFields } from '../contract/request.js';
import { caseRequest, type GruCase, gruCaseArb } from './gru-case.js';

/** The two forms of the request: capability `packed` and capability `sequenceLengths`. */
export type PackedForm = 'packed' | 'sequenceLengths';
export const PACKED_FORMS: readonly PackedForm[] = ['packed', 'sequenceLengths'];

export interface PackedCase extends GruCase {
  /** One length per batch element, in the caller's order, each in [1, steps]; non-increasing when enforceSorted. */
  lengths: number[];
  enforceSorted: boolean;
}

/** How lengths are drawn: any (ties likely), all equal to the padded length, all tied, or some of length 1. */
type LengthMode = 'any' | 'full' | 'tied' | 'ones';

/** Widths around vector and tile sizes as well as small ones: a kernel's tail code runs at 7, 9, 15, 17, 31, 33. */
const width = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(7, 8, 9, 15, 16, 17, 31, 32, 33) },
);

/** The lengths a mode gives for `batch` sequences padded to `steps`, from the drawn picks. */
function lengthsOf(mode: LengthMode, picks: number[], batch: number, steps: number): number[] {
  const any = (b: number) => 1 + (picks[b] % steps);
  return Array.from({ length: batch }, (_, b) => {
    if (mode === 'full') return steps;
    if (mode === 'tied') return any(0);
    if (mode === 'ones') return b % 2 === 1 ? 1 : any(b);
    return any(b);
  });
}

export function packedCaseArb(bounds: { dtypes: readonly GruCase['dtype'][] }): fc.Arbitrary<PackedCase> {
  const maxBatch = 5;
  return fc
    .record({
      base: gruCaseArb({ dtypes: bounds.dtypes, longSteps: 24, maxBatch }),
      input_size: width,
      hidden_size: width,
      mode: fc.constantFrom<LengthMode>('any', 'any', 'any', 'full', 'tied', 'ones'),
      picks: fc.array(fc.nat(1000), { minLength: maxBatch, maxLength: maxBatch }),
      enforceSorted: fc.boolean(),
    })
    .map(({ base, input_size, hidden_size, mode, picks, enforceSorted }) => {
      const lengths = lengthsOf(mode, picks, base.batch, base.steps);
      if (enforceSorted) lengths.sort((a, b) => b - a);
      // eval mode throughout: dropout never applies, so any value of it is valid and changes nothing
      return { ...base, input_size, hidden_size, batched: true, lengths, enforceSorted };
    });
}

/** A PackedSequence's index lists, from what packPadded made. */
export function packedFields(p: {
  batchSizes: number[];
  sortedIndices: number[] | null;
  unsortedIndices: number[] | null;
}): PackedFields {
  return { batchSizes: p.batchSizes, sortedIndices: p.sortedIndices, unsortedIndices: p.unsortedIndices };
}

/** The case's call in the padded-with-lengths form: the padded input holds drawn values past every length too. */
export function lengthsRequest(c: PackedCase): GruRequest {
  return {
    ...caseRequest(c),
    sequenceLengths: { lengths: [...c.lengths], enforceSorted: c.enforceSorted },
  };
}

/** The case's call as a PackedSequence: its padded input packed as pack_padded_sequence does. */
export function packedRequest(c: PackedCase): GruRequest {
  const padded = caseRequest(c);
  const p = packPadded(padded.input, c.lengths, c.batch_first, c.enforceSorted);
  return { ...padded, input: p.data, packed: packedFields(p) };
}

export function requestIn(form: PackedForm, c: PackedCase): GruRequest {
  return form === 'packed' ? packedRequest(c) : lengthsRequest(c);
}

/**
 * Where a lengths-form output must be exactly zero (gru.packed.pad-total-length): the values at step >= the
 * length of their sequence. Returns the first such value that is not zero, or null.
 */
export function paddingLeak(
  output: Tensor,
  lengths: number[],
  batchFirst: boolean,
): { t: number; b: number; value: number } | null {
  if (output.shape.length !== 3) return null;
  const [T, B, W] = batchFirst
    ? [output.shape[1], output.shape[0], output.shape[2]]
    : [output.shape[0], output.shape[1], output.shape[2]];
  if (B !== lengths.length) return null;
  for (let b = 0; b < B; b++) {
    for (let t = lengths[b]; t < T; t++) {
      const at = batchFirst ? (b * T + t) * W : (t * B + b) * W;
      for (let k = 0; k < W; k++) {
        const value = output.data[at + k];
        if (value !== 0) return { t, b, value };
      }
    }
  }
  return null;
}

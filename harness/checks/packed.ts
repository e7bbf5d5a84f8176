// The packed family (gru.packed.*): nn.GRU on variable-length sequences, in each form an implementation declares
// (capability packed: PyTorch's PackedSequence; capability sequenceLengths: a padded input with its lengths).
import { packedGoldenChecks } from './packed-goldens.js';
import { PACKED_INVALID_CHECKS, PACKED_NUMERIC_CHECKS } from './packed-properties.js';
import { PACKED_RELATION_CHECKS } from './packed-relations.js';
import type { Check } from './types.js';

/** The fixed goldens; the generated properties, relations and invalid calls (seeded, so fuzz repeats them). */
export const packedChecks = {
  goldens: (): Check[] => packedGoldenChecks(),
  generated: (): Check[] => [...PACKED_NUMERIC_CHECKS, ...PACKED_RELATION_CHECKS, ...PACKED_INVALID_CHECKS],
};

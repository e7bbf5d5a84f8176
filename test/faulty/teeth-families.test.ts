// The teeth of the suite against the faulty cells, packed GRUs and backward passes (test/faulty/teeth.ts).
import { describeTeeth, TEETH_PARTS } from './teeth.js';

describeTeeth('nn.GRUCell, PackedSequence, gradients', TEETH_PARTS.families);

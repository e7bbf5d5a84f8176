// The teeth of the suite against the half-precision faults (test/faulty/teeth.ts; catalogue-half.ts).
import { describeTeeth, TEETH_PARTS } from './teeth.js';

describeTeeth('float16 and bfloat16', TEETH_PARTS.half);

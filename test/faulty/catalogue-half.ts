// Faulty GRUs in float16 and bfloat16: every known variant of the catalogue computed in each half dtype by an
// implementation that declares only that dtype (so only the half-precision checks can catch it), a bfloat16
// computation answered as float16, and bfloat16 inputs rounded a second time, through float16. (float16 inputs
// rounded a second time, through bfloat16, stay within the float16 allowance: spec/tolerance.md says why, and
// npm run calibrate:half measures it.)
import type { DType } from '../../oracle/index.js';
import { roundToBfloat16, roundToFloat16 } from '../../oracle/index.js';
import { equationFaults } from './catalogue-equations.js';
import { layoutFaults } from './catalogue-layout.js';
import { numericFaults } from './catalogue-numerics.js';
import { timeFaults } from './catalogue-time.js';
import type { FaultyGru } from './fault.js';
import { halfGru } from './half-arithmetic.js';

const SHORT: Record<'float16' | 'bfloat16', string> = { float16: 'f16', bfloat16: 'bf16' };

/** Variants that cannot show in a half dtype: a float64 call's input rounded to float32. */
const FULL_PRECISION_ONLY = new Set(['float64-inputs-rounded-to-float32']);

/**
 * Variants the diagnosis cannot name in bfloat16: on its probes (unit-scale data) the hard sigmoid differs from
 * the logistic one by less than bfloat16's allowance. The default profile still catches the fault.
 */
const UNNAMED_IN_BFLOAT16 = new Set(['hard-sigmoid']);

/** A fault of the catalogue as an implementation that declares one half dtype only. */
function inHalf(fault: FaultyGru, dtype: 'float16' | 'bfloat16'): FaultyGru {
  const unnamed = dtype === 'bfloat16' && UNNAMED_IN_BFLOAT16.has(fault.variant ?? '');
  return {
    ...fault,
    ...(unnamed ? { variant: undefined, mistake: fault.variant } : {}),
    id: `${fault.id}-in-${SHORT[dtype]}`,
    name: `${fault.id}-in-${SHORT[dtype]}`,
    description: `${fault.description}; declares ${dtype} only, computed in float64 and rounded to it`,
    capabilities: { dtypes: [dtype] },
  };
}

/** The catalogue's known-variant faults, each in float16 and in bfloat16. */
const variantsInHalf: FaultyGru[] = [...equationFaults, ...numericFaults, ...timeFaults, ...layoutFaults]
  .filter((f) => f.variant !== undefined && !FULL_PRECISION_ONLY.has(f.id))
  .flatMap((f) => [inHalf(f, 'float16'), inHalf(f, 'bfloat16')]);

/** A half-precision GRU (test/faulty/half-arithmetic.ts) declaring `dtype` only, with its catalogue entry. */
function halfFault(
  info: Omit<FaultyGru, 'name' | 'forward' | 'capabilities'>,
  dtype: DType,
  options: Parameters<typeof halfGru>[1],
  format?: (v: number) => number,
): FaultyGru {
  return {
    ...info,
    ...halfGru(info.id, { batchFirstInputBiasAfterRounding: true, ...options }, format),
    capabilities: { dtypes: [dtype] },
  };
}

export const halfFaults: FaultyGru[] = [
  ...variantsInHalf,
  halfFault(
    {
      id: 'bfloat16-answered-as-float16',
      description:
        'computes float16 requests in bfloat16: inputs, parameters and every intermediate rounded to bfloat16, the result labelled float16',
      clause: 'gru.num.tolerance',
      mistake: 'low-precision',
      models: 'kernels with one half-precision path (bfloat16) behind both half dtypes',
    },
    'float16',
    { inputsRounded: roundToBfloat16 },
    roundToBfloat16,
  ),
  halfFault(
    {
      id: 'bfloat16-inputs-rounded-twice',
      description:
        'rounds the bfloat16 input, hx and parameters a second time, through float16, before computing in bfloat16: beyond 65504 they become infinities',
      clause: 'gru.num.saturation',
      mistake: 'narrow-range',
      models: 'bfloat16 tensors stored in float16 textures or buffers (WebGPU, mobile)',
    },
    'bfloat16',
    { inputsRounded: (v) => roundToBfloat16(roundToFloat16(v)) },
  ),
];

/** Every half-precision fault, by id (the calibration reads them). */
export const HALF_FAULT_GRUS = halfFaults;

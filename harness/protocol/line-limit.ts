// How long an answer line may be: room for every value the request can make the implementation write, never
// less than a floor (for hellos, errors and small calls), never more than the longest string Node can hold.
// A runaway implementation is cut off after that much, so memory stays bounded by what the call needs.
import { constants } from 'node:buffer';
import { numel } from '../../oracle/index.js';
import type { GruBackwardRequest } from '../contract/backward-request.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import type { InitRequest } from '../contract/implementation.js';
import type { GruRequest } from '../contract/request.js';
import type { Encoding } from './wire.js';

/** Upper bounds on one value's bytes: "-2.2250738585072014e-308," is 25, base64 is 32 / 3 per double. */
const BYTES_PER_VALUE: Record<Encoding, number> = { json: 32, 'base64-f64le': 11 };
/** Room for everything else in the line: the message's keys, shapes, dtypes. */
const OVERHEAD_BYTES = 2 ** 16;
/** A longer line cannot become a string (UTF-8 never has more characters than bytes). */
export const LONGEST_LINE_BYTES = constants.MAX_STRING_LENGTH;

type Call =
  | { type: 'forward'; request: GruRequest }
  | { type: 'init'; request: InitRequest }
  | { type: 'cell'; request: GruCellRequest }
  | { type: 'backward'; request: GruBackwardRequest };

/** The longest answer to accept for the call, in bytes. */
export function answerLineLimit(call: Call, encoding: Encoding, floor: number): number {
  const values =
    call.type === 'forward'
      ? forwardValues(call.request)
      : call.type === 'cell'
        ? cellValues(call.request)
        : call.type === 'backward'
          ? backwardValues(call.request)
          : initValues(call.request.kwargs);
  const needed = OVERHEAD_BYTES + values * BYTES_PER_VALUE[encoding];
  return Math.min(LONGEST_LINE_BYTES, Math.max(floor, needed));
}

/**
 * At most how many values output and h_n hold, without validating the call (an invalid call's answer is a
 * short error): output is rows x D*H and h_n num_layers*D x batch x H, with rows = the input's values over
 * its last dimension, batch <= rows and D <= 2.
 */
function forwardValues(request: GruRequest): number {
  const hidden = positive(request.kwargs.hidden_size);
  const layers = request.kwargs.num_layers === undefined ? 1 : positive(request.kwargs.num_layers);
  const shape = request.input.shape;
  const rows = numel(shape) / Math.max(1, shape.at(-1) ?? 1);
  return rows * 2 * hidden * (1 + layers);
}

/** At most how many values the gradients hold: as many as the input, hx and the parameters hold. */
function backwardValues(request: GruBackwardRequest): number {
  const of = (t: { shape: number[] } | null | undefined) => (t == null ? 0 : numel(t.shape));
  const params = Object.values(request.parameters).reduce((n, t) => n + of(t), 0);
  return of(request.input) + of(request.hx) + params;
}

/** At most how many values h' holds: rows x H, with rows = the input's values over its last dimension. */
function cellValues(request: GruCellRequest): number {
  const shape = request.input.shape;
  return (numel(shape) / Math.max(1, shape.at(-1) ?? 1)) * positive(request.kwargs.hidden_size);
}

/** At most how many values a fresh module's state_dict holds: per layer and direction 3H x (in + H) + 6H. */
function initValues(kwargs: Record<string, unknown>): number {
  const hidden = positive(kwargs.hidden_size);
  const layers = kwargs.num_layers === undefined ? 1 : positive(kwargs.num_layers);
  const widest = Math.max(positive(kwargs.input_size), 2 * hidden);
  return layers * 2 * (3 * hidden * (widest + hidden) + 6 * hidden);
}

/** A size as given when it is a positive number, else 0 (then the call is invalid, its answer short). */
function positive(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0;
}

// Whether an implementation changed the request it was given (gru.shape.inputs-unchanged): nn.GRU leaves its
// input, h_0 and parameters as they were, and returns h_n as a new tensor, never h_0 updated in place.

const isTensorLike = (v: unknown): v is { shape: unknown; data: ArrayLike<number> } =>
  typeof v === 'object' &&
  v !== null &&
  'data' in v &&
  'shape' in v &&
  ArrayBuffer.isView((v as { data: unknown }).data);

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
/** A value as written, -0 included. */
const value = (v: number | undefined): string => (Object.is(v, -0) ? '-0' : String(v));

/**
 * The first tensor of `before` whose shape or values differ in `after` (the same request after the call), said
 * as "hx.data[3] was 0.5, is 0.77", or undefined when every tensor is as it was. Tensors are found by walking
 * plain objects (parameters, packed data, upstream gradients); values are compared with Object.is, so a NaN
 * stays equal to itself and -0 differs from 0.
 */
export function firstTensorChange(before: unknown, after: unknown, path = ''): string | undefined {
  if (isTensorLike(before)) {
    const now = after as { shape?: unknown; data?: ArrayLike<number> } | null | undefined;
    const [shape, data] = [now?.shape, now?.data];
    if (show(before.shape) !== show(shape))
      return `${path}.shape was ${show(before.shape)}, is ${show(shape)}`;
    if (data === undefined || data.length !== before.data.length)
      return `${path}.data had ${before.data.length} values, has ${data?.length ?? 'none'}`;
    for (let i = 0; i < data.length; i++)
      if (!Object.is(data[i], before.data[i]))
        return `${path}.data[${i}] was ${value(before.data[i])}, is ${value(data[i])}`;
    return undefined;
  }
  if (typeof before !== 'object' || before === null || ArrayBuffer.isView(before)) return undefined;
  for (const [key, value] of Object.entries(before)) {
    const next = (after as Record<string, unknown> | null | undefined)?.[key];
    const change = firstTensorChange(value, next, path === '' ? key : `${path}.${key}`);
    if (change !== undefined) return change;
  }
  return undefined;
}

/** The failure message of a call that changed its request. */
export function requestChangedMessage(change: string): string {
  return `changed its request in place: ${change} (gru.shape.inputs-unchanged: nn.GRU leaves its input, h_0 and parameters as they were)`;
}

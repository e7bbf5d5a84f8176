// Gate activations (gru.eq.reset-gate, gru.eq.update-gate, gru.eq.new-gate; gru.num.saturation).

/**
 * Logistic sigmoid 1 / (1 + e^-v).
 *
 * ## Method
 * For v >= 0 it evaluates 1 / (1 + e^-v); for v < 0 it evaluates e^v / (1 + e^v). The exponent is
 * then never positive, so e^(.) never overflows: for any finite v the result is in [0, 1] and finite.
 * NaN propagates.
 */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * Hyperbolic tangent. V8's Math.tanh (fdlibm) returns exactly +-1 for |v| > 22 and never
 * overflows, unlike the naive (e^v - e^-v) / (e^v + e^-v), which gives NaN from |v| > 710.
 */
export function tanh(v: number): number {
  return Math.tanh(v);
}

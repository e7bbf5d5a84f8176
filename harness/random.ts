// A small seeded generator, so that a case is reproducible from its seed (arbitraries shrink sizes, not data).

/** mulberry32: a 32-bit-state generator, good enough for test data and fast. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform values in [-scale, scale), each passed through `round` (to the request's dtype, say). */
export function uniformValues(
  next: () => number,
  count: number,
  scale: number,
  round: (v: number) => number = (v) => v,
): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = round((2 * next() - 1) * scale);
  return out;
}

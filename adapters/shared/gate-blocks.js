// PyTorch stacks the three gate blocks r|z|n; ONNX and Keras/tfjs stack z|r|n (Keras calls n "h").

/** Rows of a row-major [3H, C] matrix (C = 1 for a bias), blocks r|z|n reordered to z|r|n. */
export function rznToZrn(data, H, C) {
  const k = H * C;
  const out = new Float64Array(3 * k);
  out.set(data.subarray(k, 2 * k), 0);
  out.set(data.subarray(0, k), k);
  out.set(data.subarray(2 * k, 3 * k), 2 * k);
  return out;
}

/** Row-major [R, C] -> [C, R]. */
export function transpose(data, R, C) {
  const out = new Float64Array(R * C);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) out[c * R + r] = data[r * C + c];
  return out;
}

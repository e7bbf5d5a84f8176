// Benchmark: the oracle's forward throughput in GFLOP/s on one core (target >= 1).

import { mulberry32, uniformValues } from '../../harness/random.js';
import { gruForward, parameterShapes, resolveKwargs, tensor } from '../../oracle/index.js';

export function oracleSpeed(): string {
  const kwargs = { input_size: 64, hidden_size: 128, num_layers: 2, bidirectional: true };
  const [T, N, H, D] = [100, 16, 128, 2];
  const { options } = resolveKwargs(kwargs);
  const next = mulberry32(1);
  const params = Object.fromEntries(
    parameterShapes(options).map(([name, shape]) => [
      name,
      tensor(
        'float64',
        shape,
        uniformValues(
          next,
          shape.reduce((a, b) => a * b),
          1 / Math.sqrt(H),
          false,
        ),
      ),
    ]),
  );
  const input = tensor('float64', [T, N, 64], uniformValues(next, T * N * 64, 1, false));
  // Multiply-adds: per layer, direction, step and batch element, 3H rows of (in + H) terms.
  const macs = [64, D * H].reduce((sum, inSize) => sum + D * T * N * 3 * H * (inSize + H), 0);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    gruForward(kwargs, params, input);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const gflops = (2 * macs) / best / 1e9;
  return `oracle forward (I=64, H=128, T=100, N=16, 2 layers, bidirectional, float64): ${best.toFixed(3)} s, ${gflops.toFixed(2)} GFLOP/s (target >= 1)`;
}

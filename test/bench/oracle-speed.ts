// Benchmark: the oracle's forward throughput in GFLOP/s on one core, beside PyTorch's on one thread, same shapes.

import { execa } from 'execa';
import { mulberry32, uniformValues } from '../../harness/random.js';
import { gruForward, parameterShapes, resolveKwargs, tensor } from '../../oracle/index.js';

/** One benchmark shape: 2 bidirectional layers, float64, eval mode. */
interface SpeedShape {
  input: number;
  hidden: number;
  steps: number;
  batch: number;
  layers: number;
  bidirectional: boolean;
}

const SHAPES: SpeedShape[] = [
  { input: 64, hidden: 128, steps: 100, batch: 16, layers: 2, bidirectional: true },
  { input: 256, hidden: 256, steps: 50, batch: 32, layers: 2, bidirectional: true },
];

/** Target: the oracle within this factor of PyTorch's one-thread float64 forward. */
const TARGET_RATIO = 8;

/** Floating-point operations of one forward: per layer, direction, step and batch element, 3H rows of
 * (in + H) multiply-adds. The gate arithmetic and activations are not counted (as for PyTorch). */
function forwardFlops(s: SpeedShape): number {
  const D = s.bidirectional ? 2 : 1;
  let macs = 0;
  for (let layer = 0; layer < s.layers; layer++) {
    const inSize = layer === 0 ? s.input : D * s.hidden;
    macs += D * s.steps * s.batch * 3 * s.hidden * (inSize + s.hidden);
  }
  return 2 * macs;
}

function label(s: SpeedShape): string {
  return `I=${s.input}, H=${s.hidden}, T=${s.steps}, N=${s.batch}, ${s.layers} layers${s.bidirectional ? ', bidirectional' : ''}`;
}

/** The oracle's best forward time of three, on the bench's usual data (uniform, seeded). */
function oracleSeconds(s: SpeedShape): number {
  const kwargs = {
    input_size: s.input,
    hidden_size: s.hidden,
    num_layers: s.layers,
    bidirectional: s.bidirectional,
  };
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
          1 / Math.sqrt(s.hidden),
          false,
        ),
      ),
    ]),
  );
  const count = s.steps * s.batch * s.input;
  const input = tensor('float64', [s.steps, s.batch, s.input], uniformValues(next, count, 1, false));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    gruForward(kwargs, params, input);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

interface TorchSpeed {
  torch: string;
  threads: number;
  seconds: number[];
  gemmGflops: number;
}

async function torchSpeed(shapes: SpeedShape[]): Promise<TorchSpeed> {
  const script = 'test/bench/torch_gru_speed.py';
  const { stdout } = await execa('uv', ['run', '--frozen', 'python', script, JSON.stringify(shapes)]);
  return JSON.parse(stdout) as TorchSpeed;
}

/** Dependent float64 additions per second: each waits for the one before, so this is the clock divided
 * by the add latency (3 cycles on Zen 4). Time-slicing on a shared core makes it a lower bound. */
function dependentAddsPerSecond(): number {
  const chain = (n: number) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += 1e-9;
    return s;
  };
  chain(1e5);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    if (chain(1e8) < 0) throw new Error('unreachable');
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return 1e8 / best;
}

/** The lines npm run bench prints about the oracle's speed. */
export async function oracleSpeed(): Promise<string[]> {
  const f = (v: number) => v.toFixed(2);
  const torch = await torchSpeed(SHAPES);
  const lines: string[] = [];
  SHAPES.forEach((s, i) => {
    const oracle = oracleSeconds(s);
    const flops = forwardFlops(s);
    const [og, tg] = [flops / oracle / 1e9, flops / torch.seconds[i] / 1e9];
    lines.push(
      `oracle forward (${label(s)}, float64): ${oracle.toFixed(3)} s, ${f(og)} GFLOP/s; ` +
        `torch ${torch.torch} on ${torch.threads} thread: ${torch.seconds[i].toFixed(3)} s, ${f(tg)} GFLOP/s; ` +
        `torch/oracle ${f(tg / og)}x (target <= ${TARGET_RATIO}x)`,
    );
  });
  const clockGHz = (3 * dependentAddsPerSecond()) / 1e9;
  lines.push(
    `float64 peak of one core, for context: nominal 16 FLOP/cycle on Zen 4 (2 FMA pipes x 4 float64 lanes ` +
      `of 256 bits x 2; AVX-512 runs double-pumped) x ${f(clockGHz)} GHz (3 x dependent float adds/s, a lower ` +
      `bound on a shared core) = ${f(16 * clockGHz)} GFLOP/s; scalar code without FMA (the oracle) tops ` +
      `out at 4 FLOP/cycle = ${f(4 * clockGHz)} GFLOP/s; measured: torch float64 1024x1024 matmul on 1 thread ` +
      `${f(torch.gemmGflops)} GFLOP/s (the practical ceiling)`,
  );
  return lines;
}

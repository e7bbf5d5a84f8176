// Benchmark: the oracle's forward throughput in GFLOP/s on one core, beside PyTorch's on one thread, same shapes;
// and the oracle's backward (gruBackward) at the first shape, the benchmark configuration.

import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { mulberry32, uniformValues } from '../../harness/random.js';
import { gruBackward, gruForward, parameterShapes, resolveKwargs, tensor } from '../../oracle/index.js';
import { matVecs } from '../../oracle/matvec.js';

const example = javascriptExample as Implementation;

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

/** Timing: ROUNDS rounds of REPEATS timed calls per shape, for PyTorch and then the oracle. */
const [ROUNDS, REPEATS] = [3, 2];

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

/** Floating-point operations of one gruBackward, counted as 3 forwards' worth of matrix products: it reruns the
 * forward (1x), then per layer, direction, step and batch element takes 4 products of the forward's size:
 * dx_t = W_ih^T g_i and dW_ih += g_i x_t^T (3H x in multiply-adds each), dh_(t-1) += W_hh^T g_h and
 * dW_hh += g_h h_(t-1)^T (3H x H each), 2x. The elementwise gate gradients, bias sums, transposes and
 * activations are not counted (as for the forward). */
function backwardFlops(s: SpeedShape): number {
  return 3 * forwardFlops(s);
}

/** Target: the oracle's backward at the benchmark configuration, on one core. */
const BACKWARD_TARGET_GFLOPS = 1;

function label(s: SpeedShape): string {
  return `I=${s.input}, H=${s.hidden}, T=${s.steps}, N=${s.batch}, ${s.layers} layers${s.bidirectional ? ', bidirectional' : ''}`;
}

/** A forward call of the oracle (or, `viaExample`, the bundled example; or, `backward`, the oracle's backward)
 * on the bench's usual data. */
function oracleCall(s: SpeedShape, viaExample = false, backward = false): () => void {
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
        ),
      ),
    ]),
  );
  const count = s.steps * s.batch * s.input;
  const input = tensor('float64', [s.steps, s.batch, s.input], uniformValues(next, count, 1));
  if (viaExample) return () => example.forward({ kwargs, dtype: 'float64', parameters: params, input });
  if (backward) {
    // Upstream gradients for output and h_n, uniform in [-1, 1]
    const width = (s.bidirectional ? 2 : 1) * s.hidden;
    const rows = (s.bidirectional ? 2 : 1) * s.layers;
    const upstream = {
      output: tensor('float64', [s.steps, s.batch, width], uniformValues(next, s.steps * s.batch * width, 1)),
      h_n: tensor('float64', [rows, s.batch, s.hidden], uniformValues(next, rows * s.batch * s.hidden, 1)),
    };
    return () => gruBackward(kwargs, params, input, null, upstream);
  }
  return () => gruForward(kwargs, params, input);
}

/** The best of `repeats` timed calls, in seconds. */
function bestSeconds(call: () => void, repeats: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    call();
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return best;
}

/** GFLOP/s of the oracle's matVecs alone: a [rows, n] matrix times `count` vectors, the best of 3 rounds of
 * 100 calls, on data drawn as the forward's. */
function kernelGflops(rows: number, n: number, count: number): number {
  const next = mulberry32(2);
  const w = uniformValues(next, rows * n, 1 / Math.sqrt(n));
  const v = uniformValues(next, count * n, 1);
  const out = new Float64Array(rows * count);
  const seconds = bestSeconds(() => {
    for (let r = 0; r < 100; r++) matVecs(w, rows, n, v, 0, count, out, 0);
  }, 3);
  return (2 * rows * n * count * 100) / seconds / 1e9;
}

interface TorchSpeed {
  torch: string;
  threads: number;
  seconds: number[];
  gemmGflops: number;
}

/** PyTorch's best times of `repeats` forward calls per shape, in a fresh process. */
async function torchSpeed(shapes: SpeedShape[], repeats: number): Promise<TorchSpeed> {
  const script = 'test/bench/torch_gru_speed.py';
  const { stdout } = await execa('uv', [
    'run',
    '--frozen',
    '--group',
    'torch',
    'python',
    script,
    JSON.stringify(shapes),
    `${repeats}`,
  ]);
  return JSON.parse(stdout) as TorchSpeed;
}

/** The float64 peak of one core, nominal where this CPU's figure is known, with where it comes from;
 * a measured matmul faster than the nominal peak at the reported clock shows that the core boosts. */
function nominalPeak(gemmGflops: number): string {
  const info = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (name: string) => new RegExp(`^${name}\\s*: (.*)$`, 'm').exec(info)?.[1];
  const [vendor, family, mhz] = [field('vendor_id'), field('cpu family'), Number(field('cpu MHz'))];
  const where = `${field('model name') ?? 'unknown CPU'} (family ${family}, model ${field('model')})`;
  // AMD family 25 (0x19) is Zen 3 and Zen 4: 2 FMA pipes of 256 bits (AVX-512 runs double-pumped on
  // Zen 4), so 2 x 4 float64 lanes x 2 FLOP = 16 FLOP/cycle with SIMD and FMA. Scalar code without FMA,
  // like the oracle, issues at most 2 multiplies and 2 adds per cycle: 4 FLOP/cycle.
  if (vendor !== 'AuthenticAMD' || family !== '25' || !(mhz > 0))
    return `${where}: nominal peak not known here`;
  const ghz = Math.max(mhz / 1000, gemmGflops / 16);
  const clock =
    ghz > mhz / 1000
      ? `${ghz.toFixed(2)} GHz (at least: /proc/cpuinfo says ${(mhz / 1000).toFixed(2)}, but the matmul below needs more)`
      : `${ghz.toFixed(2)} GHz (cpu MHz in /proc/cpuinfo; boost clocks can be higher)`;
  return (
    `${where}: nominal 16 float64 FLOP/cycle (2 FMA pipes x 4 lanes x 2) x ${clock} = ${(16 * ghz).toFixed(1)} ` +
    `GFLOP/s; scalar code without SIMD or FMA, like the oracle, tops out at 4 FLOP/cycle = ${(4 * ghz).toFixed(1)} GFLOP/s`
  );
}

/** The lines npm run bench prints about the oracle's speed. */
export async function oracleSpeed(): Promise<string[]> {
  const f = (v: number) => v.toFixed(2);
  // Rounds that alternate PyTorch and the oracle, best time of each kept, so that both meet the same
  // load on a shared machine; each gets the same number of timed calls per shape.
  const calls = SHAPES.map((s) => oracleCall(s));
  const exampleCalls = SHAPES.map((s) => oracleCall(s, true));
  const seconds = SHAPES.map(() => Number.POSITIVE_INFINITY);
  const exampleSeconds = SHAPES.map(() => Number.POSITIVE_INFINITY);
  const torchSeconds = SHAPES.map(() => Number.POSITIVE_INFINITY);
  const backwardCall = oracleCall(SHAPES[0], false, true);
  let backwardSeconds = Number.POSITIVE_INFINITY;
  let torch = { torch: '?', threads: 0, gemmGflops: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const t = await torchSpeed(SHAPES, REPEATS);
    torch = { torch: t.torch, threads: t.threads, gemmGflops: Math.max(torch.gemmGflops, t.gemmGflops) };
    SHAPES.forEach((_, i) => {
      torchSeconds[i] = Math.min(torchSeconds[i], t.seconds[i]);
      seconds[i] = Math.min(seconds[i], bestSeconds(calls[i], REPEATS));
      exampleSeconds[i] = Math.min(exampleSeconds[i], bestSeconds(exampleCalls[i], REPEATS));
    });
    backwardSeconds = Math.min(backwardSeconds, bestSeconds(backwardCall, REPEATS));
  }
  const lines: string[] = [];
  SHAPES.forEach((s, i) => {
    const oracle = seconds[i];
    const flops = forwardFlops(s);
    const [og, tg] = [flops / oracle / 1e9, flops / torchSeconds[i] / 1e9];
    lines.push(
      `oracle forward (${label(s)}, float64): ${oracle.toFixed(3)} s, ${f(og)} GFLOP/s; ` +
        `torch ${torch.torch} on ${torch.threads} thread: ${torchSeconds[i].toFixed(3)} s, ${f(tg)} GFLOP/s; ` +
        `torch/oracle ${f(tg / og)}x (target <= ${TARGET_RATIO}x); ` +
        `the bundled JavaScript example: ${f(flops / exampleSeconds[i] / 1e9)} GFLOP/s`,
    );
  });
  const bg = backwardFlops(SHAPES[0]) / backwardSeconds / 1e9;
  lines.push(
    `oracle backward (${label(SHAPES[0])}, float64, upstream for output and h_n): ${backwardSeconds.toFixed(3)} s, ` +
      `${f(bg)} GFLOP/s counting 3 forwards' matrix products (the forward it reruns, then dx, dW_ih, dh, dW_hh) ` +
      `(target >= ${BACKWARD_TARGET_GFLOPS}); the forward at the same shape: ${f(forwardFlops(SHAPES[0]) / seconds[0] / 1e9)} GFLOP/s`,
  );
  const h256 = SHAPES.findIndex((s) => s.hidden === 256);
  const kernel = kernelGflops(3 * SHAPES[h256].hidden, SHAPES[h256].hidden, SHAPES[h256].batch);
  const floor = forwardFlops(SHAPES[h256]) / kernel / 1e9;
  lines.push(
    `oracle's matrix-vector kernel alone (matVecs, ${3 * SHAPES[h256].hidden} x ${SHAPES[h256].hidden} times ` +
      `${SHAPES[h256].batch} vectors, the recurrence's product at hidden 256): ${f(kernel)} GFLOP/s; at that rate the ` +
      `forward's products alone take ${floor.toFixed(3)} s, ${f(floor / torchSeconds[h256])}x torch's whole forward ` +
      `(the ratio's floor for this kernel)`,
  );
  lines.push(
    `oracle at hidden 256 (${label(SHAPES[h256])}): ${f(forwardFlops(SHAPES[h256]) / seconds[h256] / 1e9)} GFLOP/s`,
  );
  lines.push(
    `float64 peak of one core, for context: ${nominalPeak(torch.gemmGflops)}; measured: torch's float64 1024x1024 matmul ` +
      `on 1 thread ${f(torch.gemmGflops)} GFLOP/s (the practical ceiling)`,
  );
  return lines;
}

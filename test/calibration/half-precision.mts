// npm run calibrate:half: the calibration of K for float16 and bfloat16 (spec/tolerance.md, "Half precision").
// Draws the numeric checks' cases and the size family's rows in each half dtype, runs PyTorch (live, through the
// protocol) and GRUs that compute in half precision well or wrongly, and prints, per implementation, how many
// unit roundoffs of the allowance's shape its worst element is off:
//   units = max_i |actual_i - expected_i| / (u (m + |expected_i|) + spread_i),
// so that an implementation passes with factor K where units <= K (the allowance is K times that denominator).
// PyTorch and correct GRUs must stay well below K; every known variant and faulty GRU must pass K somewhere.
// Options: --cases <n> (generated cases per dtype, default 1500), --no-torch, --dtype float16|bfloat16.
import fc from 'fast-check';
import { forwardFlops, sizeCases } from '../../harness/case-space/size-cases.js';
import { caseRequest, type GruCase, gruCaseArb } from '../../harness/cases/gru-case.js';
import { sizeCase } from '../../harness/checks/sizes.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { oracleResult } from '../../harness/contract/oracle-implementation.js';
import type { GruRequest, GruResponse } from '../../harness/contract/request.js';
import { spread } from '../../harness/judging/sensitivity.js';
import { requestScale, TOLERANCE_FACTOR, UNIT_ROUNDOFF } from '../../harness/judging/tolerance.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import { KNOWN_VARIANTS } from '../../harness/variants/registry.js';
import { variantForward } from '../../harness/variants/variant-gru.js';
import { type DType, roundToBfloat16, roundToDtype, roundToFloat16 } from '../../oracle/index.js';
import { HALF_FAULT_GRUS } from '../faulty/catalogue-half.js';
import { halfGru } from '../faulty/half-arithmetic.js';

const TORCH = 'uv run --frozen --group torch python adapters/torch/gru_torch.py';
const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const CASES = process.argv.includes('--cases') ? Number(arg('--cases')) : 1500;
const DTYPES: DType[] = process.argv.includes('--dtype')
  ? [arg('--dtype') as DType]
  : ['float16', 'bfloat16'];

/** The worst element's error in units of u (m + |expected|) + spread; Infinity for a wrong shape or class. */
function units(request: GruRequest, actual: GruResponse, expected: GruResponse): number {
  const u = UNIT_ROUNDOFF[request.dtype];
  const m = requestScale(request);
  let s: { output: Float64Array; h_n: Float64Array } | undefined;
  let worst = 0;
  for (const key of ['output', 'h_n'] as const) {
    const [a, e] = [actual[key], expected[key]];
    if (a.shape.join() !== e.shape.join()) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < e.data.length; i++) {
      const [x, y] = [a.data[i], e.data[i]];
      if (!Number.isFinite(y) || !Number.isFinite(x)) {
        if (!(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)))) return Number.POSITIVE_INFINITY;
        continue;
      }
      const first = Math.abs(x - y) / (u * (m + Math.abs(y)));
      if (first <= worst) continue;
      s ??= spread(request, expected);
      worst = Math.max(worst, Math.abs(x - y) / (u * (m + Math.abs(y)) + s[key][i]));
    }
  }
  return worst;
}

/** The cases of one dtype: generated as the numeric checks draw them, then the size family's rows. */
function cases(dtype: DType): GruCase[] {
  const generated = fc.sample(gruCaseArb({ dtypes: [dtype], longSteps: 120 }), {
    seed: 2026,
    numRuns: CASES,
  });
  // The size family's rows up to 2e6 floating-point operations (every fourth), and those with products of 256
  // terms or more up to 2e7: the long products and sequences the generated cases do not reach.
  const sizes = sizeCases().map((row, i) => sizeCase(row, 1000 + i, [dtype]));
  const cheap = sizes.filter((c) => forwardFlops(c) <= 2e6).filter((_, i) => i % 4 === 0);
  const long = sizes.filter((c) => c.input_size + c.hidden_size >= 256 && forwardFlops(c) <= 2e7);
  return [...generated, ...new Set([...cheap, ...long])];
}

type Subject = { name: string; answer: (r: GruRequest) => Promise<GruResponse> | GruResponse; only?: DType };

function subjects(torch: Implementation | undefined): Subject[] {
  const inProcess = (impl: Implementation) => (r: GruRequest) => impl.forward(r) as GruResponse;
  const round = (r: GruRequest, v: GruResponse): GruResponse => ({
    output: { ...v.output, data: v.output.data.map((x) => roundToDtype(r.dtype, x)) },
    h_n: { ...v.h_n, data: v.h_n.data.map((x) => roundToDtype(r.dtype, x)) },
  });
  return [
    ...(torch
      ? [{ name: 'PyTorch (live)', answer: (r: GruRequest) => torch.forward(r) as GruResponse }]
      : []),
    {
      name: 'rounds where PyTorch does',
      answer: inProcess(halfGru('torch-like', { batchFirstInputBiasAfterRounding: true })),
    },
    {
      name: 'every bias after rounding W x',
      answer: inProcess(halfGru('bias', { biasAfterRounding: true })),
    },
    { name: 'accumulates in half', answer: inProcess(halfGru('acc', { accumulateInHalf: true })) },
    {
      name: 'float16 inputs rounded again via bfloat16',
      answer: inProcess(
        halfGru('twice', {
          batchFirstInputBiasAfterRounding: true,
          inputsRounded: (v) => roundToFloat16(roundToBfloat16(v)),
        }),
      ),
      only: 'float16' as DType,
    },
    ...HALF_FAULT_GRUS.filter((f) => f.variant === undefined).map((f) => ({
      name: `fault ${f.id}`,
      answer: inProcess(f),
      only: f.capabilities?.dtypes?.length === 1 ? f.capabilities.dtypes[0] : undefined,
    })),
    ...KNOWN_VARIANTS.map((v) => ({
      name: `variant ${v.id}`,
      answer: (r: GruRequest) => round(r, variantForward(v.switches, r)),
    })),
  ];
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
/** The factors K the table counts cases over. */
const FACTORS = [4, 6, 8, 16];

async function calibrate(dtype: DType, torch: Implementation | undefined): Promise<void> {
  const t0 = performance.now();
  const requests = cases(dtype).map(caseRequest);
  const expected = requests.map(oracleResult);
  console.log(
    `\n${dtype}: ${requests.length} cases, K = ${TOLERANCE_FACTOR[dtype]} (units: error / (u (m + |expected|) + spread))`,
  );
  const head = FACTORS.map((k) => `>${k}`.padStart(6)).join('');
  console.log(
    `  ${'implementation'.padEnd(40)} ${'median'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}${head}`,
  );
  for (const s of subjects(torch)) {
    if (s.only !== undefined && s.only !== dtype) continue;
    const seen: number[] = [];
    for (const [i, r] of requests.entries()) {
      try {
        seen.push(units(r, await s.answer(structuredClone(r)), expected[i]));
      } catch {
        seen.push(Number.NaN); // rejected a valid call: not a value to calibrate on
      }
    }
    const values = seen.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const over = FACTORS.map((k) => String(values.filter((v) => v > k).length).padStart(6)).join('');
    const show = (v: number) => (v === Number.POSITIVE_INFINITY ? 'inf' : v.toFixed(2)).padStart(8);
    console.log(
      `  ${s.name.padEnd(40)} ${show(percentile(values, 0.5))} ${show(percentile(values, 0.99))} ${show(values[values.length - 1])}${over}  (${values.length} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
}

const torch = process.argv.includes('--no-torch')
  ? undefined
  : await spawnImplementation(TORCH, { timeoutMs: 120_000 });
try {
  for (const dtype of DTYPES) await calibrate(dtype, torch);
} finally {
  await torch?.close?.();
}

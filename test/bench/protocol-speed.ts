// Benchmarks of the subprocess protocol: the harness's cost per MB with JSON numbers and with base64 tensors,
// side by side; the largest call of the speed goal over `oracle serve`; how long an adapter takes to start.
import { isAscii } from 'node:buffer';
import { caseRequest, SMALL_CASE } from '../../harness/cases/gru-case.js';
import type { GruRequest } from '../../harness/contract/request.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import { decodeImplementationMessage, type Encoding, encodeLine } from '../../harness/protocol/wire.js';
import { gruForward } from '../../oracle/index.js';
import { BIG_CALL, bigRequest } from '../protocol/big-call.js';

const MB = 1e6;
/** input 64, hidden 128, batch 16, 100 steps, one layer: a 3 MB call (request and answer) in float64. */
const MEDIUM = { ...SMALL_CASE, input_size: 64, hidden_size: 128, batch: 16, steps: 100, seed: 3 };

const valuesOf = (...tensors: { data: Float64Array }[]) => tensors.reduce((n, t) => n + t.data.length, 0);

/**
 * The harness's part of one call, as the subprocess client does it (subprocess.ts, child.ts): the request's
 * line as bytes for the pipe, then the answer's bytes from the pipe as a string, decoded. In ms, the best and the median of 25 runs
 * (the best is the cost itself; on a shared machine the median adds whatever else was running).
 */
function harnessCost(
  request: GruRequest,
  answerBytes: Buffer,
  encoding: Encoding,
): { best: number; median: number } {
  const times: number[] = [];
  for (let run = 0; run < 28; run++) {
    const t0 = performance.now();
    encodeLine({ type: 'forward', id: 1, request }, encoding);
    const answer = answerBytes.subarray(0, answerBytes.length - 1);
    decodeImplementationMessage(answer.toString(isAscii(answer) ? 'ascii' : 'utf8'));
    if (run >= 3) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)] };
}

/** Harness ms per MB of float64 values (8 bytes each, request and answer), JSON and base64 side by side. */
export function protocolCostPerMB(): string {
  const request = caseRequest(MEDIUM);
  const { output, h_n } = gruForward(request.kwargs, request.parameters, request.input, request.hx);
  const values = valuesOf(...Object.values(request.parameters), request.input, output, h_n);
  const rows = (['json', 'base64-f64le'] as const).map((encoding) => {
    const answerBytes = encodeLine({ type: 'result', id: 1, response: { output, h_n } }, encoding);
    const requestBytes = encodeLine({ type: 'forward', id: 1, request }, encoding);
    const { best, median } = harnessCost(request, answerBytes, encoding);
    const wire = (requestBytes.length + answerBytes.length) / MB;
    return { encoding, best, median, perMB: (ms: number) => ms / ((8 * values) / MB), wire };
  });
  const [json, binary] = rows;
  const lines = rows.map(
    (r) =>
      `  ${r.encoding.padEnd(12)} ${r.perMB(r.best).toFixed(2).padStart(6)} ms per MB of values (median ${r.perMB(r.median).toFixed(2)}), ${((r.best * 1e6) / values).toFixed(0)} ns per value; ${r.wire.toFixed(1)} MB on the wire`,
  );
  return [
    `protocol cost on the harness side (request to bytes, answer bytes decoded), ${values} values (${((8 * values) / MB).toFixed(1)} MB as float64), best of 25:`,
    ...lines,
    `  base64 is ${(json.best / binary.best).toFixed(0)}x cheaper per MB than JSON (medians: ${(json.median / binary.median).toFixed(0)}x; target >= 20x)`,
  ].join('\n');
}

/** The largest call of the speed goal, computed by the oracle behind `oracle serve`: it must complete. */
export async function bigCall(command: string): Promise<string> {
  const request = bigRequest();
  const impl = await spawnImplementation(command, { timeoutMs: Number.POSITIVE_INFINITY });
  const t0 = performance.now();
  const { output } = await impl.forward(request);
  const secs = (performance.now() - t0) / 1000;
  await impl.close?.();
  const requestMB = encodeLine({ type: 'forward', id: 1, request }, impl.encoding).length / MB;
  const { input_size, hidden_size, batch, steps } = BIG_CALL;
  return `largest call (input ${input_size}, hidden ${hidden_size}, batch ${batch}, ${steps} steps) over oracle serve, ${impl.encoding}: ${secs.toFixed(1)} s end to end, request ${requestMB.toFixed(0)} MB, output [${output.shape}]`;
}

/** Start to hello of a subprocess implementation, the median of `runs` starts. */
export async function startTime(label: string, command: string, runs = 3): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const impl = await spawnImplementation(command, { timeoutMs: 120_000 });
    times.push((performance.now() - t0) / 1000);
    await impl.close?.();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return `${label} start to hello: ${sorted[Math.floor(runs / 2)].toFixed(1)} s (median of ${runs}: ${times.map((t) => t.toFixed(1)).join(', ')} s)`;
}

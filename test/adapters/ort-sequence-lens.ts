// What ONNX Runtime's GRU does with sequence_lens (adapters/onnxruntime/sequence-lens-probe.js), asserted against
// nn.GRU's contract for the same call, for both builds: the reverse direction starts at each sequence's own last
// step, Y_h holds each sequence's own final state, and Y is exactly 0 past each length.
import { expect } from 'vitest';
import { PROBE } from '../../adapters/onnxruntime/sequence-lens-probe.js';
import { gruForward, type Tensor, tensor } from '../../oracle/index.js';

/** ONNX's z|r|n gate rows of direction d (hidden 1) in PyTorch's r|z|n order. */
const torchRows = (onnx: number[], d: number) => [onnx[3 * d + 1], onnx[3 * d], onnx[3 * d + 2]];

/** The probe's sequence n alone, its first `steps` steps, through the oracle's bidirectional nn.GRU. */
function alone(n: number, steps: number): { output: Tensor; h_n: Tensor } {
  const parameters = Object.fromEntries(
    [0, 1].flatMap((d) => {
      const suffix = d === 1 ? '_l0_reverse' : '_l0';
      return [
        [`weight_ih${suffix}`, tensor('float64', [3, 1], torchRows(PROBE.w, d))],
        [`weight_hh${suffix}`, tensor('float64', [3, 1], torchRows(PROBE.r, d))],
      ];
    }),
  );
  const x = Array.from({ length: steps }, (_, t) => PROBE.x[t * 2 + n]);
  const kwargs = { input_size: 1, hidden_size: 1, bias: false, bidirectional: true };
  return gruForward(kwargs, parameters, tensor('float64', [steps, 1], x));
}

/** Y [T=3, D=2, N=2, H=1] at (t, d, n); Y_h [D, N, H] at (d, n). */
const at = (Y: number[], t: number, d: number, n: number) => Y[(t * 2 + d) * 2 + n];

export function expectSequenceLensAsTorch(raw: { Y: number[]; Yh: number[] }): void {
  const n = 1;
  const length = PROBE.lengths[n];
  const own = alone(n, length);
  const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6);
  for (let t = 0; t < length; t++) {
    // both directions of the short sequence, step by step, as it gives alone: the reverse one starts at t = 1
    close(at(raw.Y, t, 0, n), own.output.data[t * 2]);
    close(at(raw.Y, t, 1, n), own.output.data[t * 2 + 1]);
  }
  // not what starting at the padded end (reading the padding first) would give
  const fromPaddedEnd = alone(n, 3);
  expect(Math.abs(at(raw.Y, 0, 1, n) - fromPaddedEnd.output.data[1])).toBeGreaterThan(1e-3);
  // Y_h: the forward state after its own last step (t = 1), the reverse one after step 0
  close(raw.Yh[0 * 2 + n], own.h_n.data[0]);
  close(raw.Yh[1 * 2 + n], own.h_n.data[1]);
  expect(raw.Yh[0 * 2 + n]).toBe(at(raw.Y, length - 1, 0, n));
  // past its length, Y is exactly 0 in both directions
  for (let t = length; t < 3; t++) expect([at(raw.Y, t, 0, n), at(raw.Y, t, 1, n)]).toEqual([0, 0]);
}

// Small cases whose expected values are worked out here in closed form, not by the oracle.
import { describe, expect, it } from 'vitest';
import { gruForward, sigmoid } from '../../oracle/index.js';
import { f64, paramsOf } from '../helpers/build.js';

const sig = (v: number) => 1 / (1 + Math.exp(-v));

describe('one unit, one step, every gate distinct', () => {
  // r = sigmoid(ln(1/3)) = 1/4, z = sigmoid(ln 3) = 3/4, n = tanh(x + r * b_hn) = tanh(0.5 + 0.25 * 2) = tanh(1)
  const kwargs = { input_size: 1, hidden_size: 1 };
  const values: Record<string, number[]> = {
    weight_ih_l0: [0, 0, 1], // W_ir, W_iz, W_in
    weight_hh_l0: [0, 0, 0],
    bias_ih_l0: [Math.log(1 / 3), Math.log(3), 0],
    bias_hh_l0: [0, 0, 2], // b_hn = 2 sits inside the reset product
  };
  const params = paramsOf(kwargs, (name, i) => values[name][i]);
  const result = gruForward(kwargs, params, f64([1, 1, 1], [0.5]), f64([1, 1, 1], [0.4]));
  const expected = 0.25 * Math.tanh(1) + 0.75 * 0.4;

  it('gru.eq.hidden-update: h1 = (1 - z) n + z h0 with z = 3/4', () => {
    expect(result.output.data[0]).toBeCloseTo(expected, 15);
  });
  // also: gru.eq.gate-order
  it('gru.eq.new-gate: b_hn is multiplied by r (outside the product it would give tanh(2.5))', () => {
    expect(Math.abs(result.output.data[0] - (0.25 * Math.tanh(2.5) + 0.3))).toBeGreaterThan(0.01);
    expect(result.h_n.data[0]).toBe(result.output.data[0]);
  });
  it('gru.eq.reset-gate: the reset gate is sigmoid of its pre-activation (r = 1/4 here)', () => {
    expect(sigmoid(Math.log(1 / 3))).toBeCloseTo(0.25, 15);
  });
  it('gru.eq.update-gate: the update gate is sigmoid of its pre-activation (z = 3/4 here)', () => {
    expect(sigmoid(Math.log(3))).toBeCloseTo(0.75, 15);
  });
});

describe('recurrence through the recurrent weights', () => {
  // h_t = (1 - z) tanh(x_t + r (w h_(t-1))) + z h_(t-1), with r and z from biases only.
  const kwargs = { input_size: 1, hidden_size: 1, bias: true };
  const values: Record<string, number[]> = {
    weight_ih_l0: [0, 0, 1],
    weight_hh_l0: [0, 0, 0.7],
    bias_ih_l0: [0.3, -0.2, 0.1],
    bias_hh_l0: [0, 0, -0.05],
  };
  const params = paramsOf(kwargs, (name, i) => values[name][i]);
  const xs = [0.2, -0.6, 0.9];
  const h0 = 0.25;
  const r = sig(0.3);
  const z = sig(-0.2);
  const expected: number[] = [];
  let h = h0;
  for (const x of xs) {
    h = (1 - z) * Math.tanh(x + 0.1 + r * (0.7 * h - 0.05)) + z * h;
    expected.push(h);
  }
  const result = gruForward(kwargs, params, f64([3, 1, 1], xs), f64([1, 1, 1], [h0]));

  it('gru.eq.recurrence: each step reads the state of the step before', () => {
    for (const [t, v] of expected.entries()) expect(result.output.data[t]).toBeCloseTo(v, 14);
  });
});

describe('bidirectional, two steps, closed form', () => {
  // All weights 0 except W_in = 1 in both directions: r irrelevant, z = 1/2, so h_t = tanh(x_t)/2 + h_(t-1)/2.
  const kwargs = { input_size: 1, hidden_size: 1, bidirectional: true, bias: false };
  const params = paramsOf(kwargs, (name, i) => (name.startsWith('weight_ih') && i === 2 ? 1 : 0));
  const [a, b] = [0.3, -1.2];
  const result = gruForward(kwargs, params, f64([2, 1, 1], [a, b]));
  const fwd1 = Math.tanh(a) / 2;
  const fwd2 = Math.tanh(b) / 2 + fwd1 / 2;
  const rev1 = Math.tanh(b) / 2; // reverse reads x_1 first
  const rev0 = Math.tanh(a) / 2 + rev1 / 2;

  it('gru.dir.reverse-time: the reverse direction reads x_(L-1) first', () => {
    expect(result.output.data[1]).toBeCloseTo(rev0, 15);
  });
  it('gru.dir.reverse-output-time-aligned: output[t] = [forward state after x_t, reverse state after x_t]', () => {
    for (const [i, v] of [fwd1, rev0, fwd2, rev1].entries()) expect(result.output.data[i]).toBeCloseTo(v, 15);
  });
  it('gru.dir.h-n-final-state: h_n = [forward at t = L-1, reverse at t = 0]', () => {
    expect(result.h_n.shape).toEqual([2, 1, 1]);
    expect(result.h_n.data[0]).toBeCloseTo(fwd2, 15);
    expect(result.h_n.data[1]).toBeCloseTo(rev0, 15);
  });
  it('gru.dir.output-concat: the forward half comes first', () => {
    expect(result.output.shape).toEqual([2, 1, 2]);
    expect(result.output.data[0]).toBeCloseTo(fwd1, 15);
  });
});

describe('two layers, closed form', () => {
  // Layer 1 reads layer 0's output: with z = 1/2 and W_in = 1 per layer, h1_t = tanh(h0_t)/2 + h1_(t-1)/2.
  const kwargs = { input_size: 1, hidden_size: 1, num_layers: 2, bias: false };
  const params = paramsOf(kwargs, (name, i) => (name.startsWith('weight_ih') && i === 2 ? 1 : 0));
  const xs = [0.8, -0.4];
  const l0 = [Math.tanh(xs[0]) / 2];
  l0.push(Math.tanh(xs[1]) / 2 + l0[0] / 2);
  const l1 = [Math.tanh(l0[0]) / 2];
  l1.push(Math.tanh(l0[1]) / 2 + l1[0] / 2);
  const result = gruForward(kwargs, params, f64([2, 1], xs));

  it('gru.layer.stacking: layer 1 reads layer 0 output; output is the last layer', () => {
    for (const [t, v] of l1.entries()) expect(result.output.data[t]).toBeCloseTo(v, 15);
  });
  it('gru.dir.h-n-index: h_n rows are layer 0 then layer 1', () => {
    expect(result.h_n.shape).toEqual([2, 1]);
    expect(result.h_n.data[0]).toBeCloseTo(l0[1], 15);
    expect(result.h_n.data[1]).toBeCloseTo(l1[1], 15);
  });
});

describe('dropout masks in training mode', () => {
  const kwargs = { input_size: 1, hidden_size: 1, num_layers: 2, bias: false, dropout: 0.5 };
  const params = paramsOf(kwargs, (name, i) => (name.startsWith('weight_ih') && i === 2 ? 1 : 0));
  const xs = [0.8, -0.4];
  const mask = f64([2, 1, 1], [2, 0]);
  const result = gruForward(kwargs, params, f64([2, 1, 1], xs), null, {
    training: true,
    dropoutMasks: [mask],
  });
  const l0 = [Math.tanh(xs[0]) / 2];
  l0.push(Math.tanh(xs[1]) / 2 + l0[0] / 2);
  const l1 = [Math.tanh(2 * l0[0]) / 2];
  l1.push(Math.tanh(0) / 2 + l1[0] / 2);

  it('gru.dropout.between-layers: layer 1 reads layer 0 output times the mask; h_n of layer 0 is not masked', () => {
    for (const [t, v] of l1.entries()) expect(result.output.data[t]).toBeCloseTo(v, 15);
    expect(result.h_n.data[0]).toBeCloseTo(l0[1], 15);
  });
});

describe('saturation', () => {
  const kwargs = { input_size: 2, hidden_size: 3 };
  const params = paramsOf(kwargs, (name, i) => (i % 2 === 0 ? 0.5 : -0.7) * (name.includes('hh') ? 1 : 2));
  it.each([1e3, 1e100, 1e300, -1e300])(
    'gru.num.saturation: inputs of magnitude %d (pre-activations still finite) stay finite',
    (m) => {
      const result = gruForward(
        kwargs,
        params,
        f64([3, 2], [m, -m, m / 2, m, -m, 0]),
        f64([1, 3], [m, -m, 0.5]),
      );
      for (const v of [...result.output.data, ...result.h_n.data]) expect(Number.isFinite(v)).toBe(true);
    },
  );
  it('gru.num.saturation: sigmoid is exact 0 or 1 far out, never NaN', () => {
    expect(sigmoid(-1e308)).toBe(0);
    expect(sigmoid(1e308)).toBe(1);
    expect(sigmoid(-800)).toBe(0);
  });
});

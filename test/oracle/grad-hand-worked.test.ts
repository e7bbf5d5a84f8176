// Backward cases worked out by hand in closed form, not by the oracle.
import { describe, expect, it } from 'vitest';
import { gruBackward } from '../../oracle/index.js';
import { f64, paramsOf } from '../helpers/build.js';

describe('one unit, one step, every gate distinct', () => {
  // Forward (test/oracle/hand-worked.test.ts): x = 0.5, h0 = 0.4, W_in = 1, every other weight 0,
  // b_ir = ln(1/3), b_iz = ln 3, b_hn = 2: r = 1/4, z = 3/4, W_hn h0 + b_hn = 2, n = tanh(0.5 + 2/4) = tanh(1),
  // h1 = n/4 + 0.3. Upstream G_out = 1 (h_n's upstream absent), so dh1 = 1 and:
  //   dn   = dh1 (1 - z)           = 1/4
  //   dz   = dh1 (h0 - n)          = 0.4 - tanh(1)
  //   da_n = dn (1 - n^2)          = (1 - tanh(1)^2) / 4
  //   dr   = da_n (W_hn h0 + b_hn) = 2 da_n
  //   da_r = dr r (1 - r)          = (3/16) dr,   da_z = dz z (1 - z) = (3/16) dz
  //   g_i = (da_r, da_z, da_n),  g_h = (da_r, da_z, r da_n) = (da_r, da_z, da_n / 4)
  //   db_ih = g_i, db_hh = g_h, dW_ih = g_i x = g_i / 2, dW_hh = g_h h0 = 0.4 g_h
  //   dx  = W_ir da_r + W_iz da_z + W_in da_n = da_n
  //   dh0 = dh1 z + W_hh^T g_h = 3/4 (W_hh = 0)
  const kwargs = { input_size: 1, hidden_size: 1 };
  const values: Record<string, number[]> = {
    weight_ih_l0: [0, 0, 1],
    weight_hh_l0: [0, 0, 0],
    bias_ih_l0: [Math.log(1 / 3), Math.log(3), 0],
    bias_hh_l0: [0, 0, 2],
  };
  const params = paramsOf(kwargs, (name, i) => values[name][i]);
  const g = gruBackward(kwargs, params, f64([1, 1, 1], [0.5]), f64([1, 1, 1], [0.4]), {
    output: f64([1, 1, 1], [1]),
  });
  const t1 = Math.tanh(1);
  const dan = (1 - t1 * t1) / 4;
  const dar = (3 / 16) * 2 * dan;
  const daz = (3 / 16) * (0.4 - t1);
  const close = (actual: ArrayLike<number>, expected: number[]) => {
    for (const [i, v] of expected.entries()) expect(actual[i]).toBeCloseTo(v, 15);
  };

  it('gru.grad.hidden-update: dh0 = dh1 z = 3/4 when W_hh is zero', () => {
    close(g.hx!.data, [0.75]);
  });
  it('gru.grad.new-gate: b_hn receives r da_n = da_n / 4 while b_in receives da_n', () => {
    close(g.parameters.bias_hh_l0.data, [dar, daz, dan / 4]);
    close(g.parameters.bias_ih_l0.data, [dar, daz, dan]);
  });
  it('gru.grad.gates: da_r = 2 da_n r (1 - r) and da_z = (h0 - n) z (1 - z)', () => {
    expect(g.parameters.bias_ih_l0.data[0]).toBeCloseTo((3 / 8) * dan, 15);
    expect(g.parameters.bias_ih_l0.data[1]).toBeCloseTo((3 / 16) * (0.4 - t1), 15);
  });
  it('gru.grad.parameters: dW_ih = g_i x, dW_hh = g_h h0, dx = W_ih^T g_i', () => {
    close(g.parameters.weight_ih_l0.data, [dar / 2, daz / 2, dan / 2]);
    close(g.parameters.weight_hh_l0.data, [0.4 * dar, 0.4 * daz, 0.1 * dan]);
    close(g.input.data, [dan]);
  });
  it('gru.grad.vjp: at one step, an upstream on h_n gives what the same upstream on output gives', () => {
    const viaHN = gruBackward(kwargs, params, f64([1, 1, 1], [0.5]), f64([1, 1, 1], [0.4]), {
      h_n: f64([1, 1, 1], [1]),
    });
    expect(viaHN.hx!.data[0]).toBe(g.hx!.data[0]);
    expect(Array.from(viaHN.parameters.bias_hh_l0.data)).toEqual(Array.from(g.parameters.bias_hh_l0.data));
  });
});

describe('two steps through the recurrent weight', () => {
  // h_t = (1 - z) tanh(x_t + r (w h_(t-1))) + z h_(t-1), with r = z = sigmoid(0) = 1/2 from zero biases, w = 0.5,
  // x = (0, 0), h0 = 1 and the upstream on h_n only (= h_2). Step 1: a1 = r w h0 = 1/4, n1 = tanh(1/4),
  // h1 = (n1 + 1) / 2. Step 2: a2 = w h1 / 2 = h1 / 4, n2 = tanh(a2), h2 = (n2 + h1) / 2.
  // dh2 = 1; dh1 = z + (1 - z)(1 - n2^2) r w = 1/2 + (1 - n2^2) / 8 (the z and r paths are zero: dz needs
  // h1 - n2 but z has no weight on h; r's gradient reaches W_hr, not h, since W_hr = 0);
  // dh0 = dh1 (1/2 + (1 - n1^2) / 8).
  const kwargs = { input_size: 1, hidden_size: 1, bias: false };
  const params = paramsOf(kwargs, (name, i) => (name === 'weight_hh_l0' && i === 2 ? 0.5 : 0));
  const g = gruBackward(kwargs, params, f64([2, 1, 1], [0, 0]), f64([1, 1, 1], [1]), {
    h_n: f64([1, 1, 1], [1]),
  });
  const n1 = Math.tanh(0.25);
  const h1 = (n1 + 1) / 2;
  const n2 = Math.tanh(h1 / 4);
  const dh1 = 0.5 + (1 - n2 * n2) / 8;
  it('gru.grad.bptt: dh0 = dh1 (z + (1 - z)(1 - n1^2) r w)', () => {
    expect(g.hx!.data[0]).toBeCloseTo(dh1 * (0.5 + (1 - n1 * n1) / 8), 15);
  });
});

// firstTensorChange: which tensor of a request a call changed, and where (gru.shape.inputs-unchanged).
import { describe, expect, it } from 'vitest';
import { firstTensorChange } from '../../harness/contract/request-changes.js';
import { tensor } from '../../oracle/index.js';

const request = () => ({
  kwargs: { input_size: 2, hidden_size: 1 },
  input: tensor('float64', [1, 1, 2], [0.5, Number.NaN]),
  hx: tensor('float64', [1, 1, 1], [0]),
  parameters: { weight_ih_l0: tensor('float64', [3, 2], [1, 2, 3, 4, 5, 6]) },
});

describe('firstTensorChange', () => {
  it('gru.shape.inputs-unchanged: an untouched copy has no change (NaN equals itself)', () => {
    expect(firstTensorChange(request(), structuredClone(request()))).toBeUndefined();
  });

  it('gru.shape.inputs-unchanged: names the first changed value, a parameter included, and tells -0 from 0', () => {
    const hx = structuredClone(request());
    hx.hx.data[0] = -0;
    expect(firstTensorChange(request(), hx)).toBe('hx.data[0] was 0, is -0');
    const weight = structuredClone(request());
    weight.parameters.weight_ih_l0.data[4] = 7;
    expect(firstTensorChange(request(), weight)).toBe('parameters.weight_ih_l0.data[4] was 5, is 7');
  });

  it('gru.shape.inputs-unchanged: a changed shape or a replaced or removed tensor is a change', () => {
    const shape = structuredClone(request());
    shape.input.shape = [1, 2, 1];
    expect(firstTensorChange(request(), shape)).toBe('input.shape was [1, 1, 2], is [1, 2, 1]');
    const gone = { ...structuredClone(request()), hx: null };
    expect(firstTensorChange(request(), gone)).toBe('hx.shape was [1, 1, 1], is undefined');
  });
});

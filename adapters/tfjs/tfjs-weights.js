// A PyTorch state_dict as tfjs GRU weights, as a user porting it would convert them: kernels transposed to
// [in, 3H] with blocks z|r|h, and the one tfjs bias = b_ih + b_hh (exact only for reset-before math).
import { rznToZrn, transpose } from '../shared/gate-blocks.js';
import { paramName } from '../shared/torch-kwargs.js';

const f32 = (a) => Float32Array.from(a); // tfjs takes no Float64Array

/** [kernel, recurrentKernel, bias?] of layer l, direction d, as tfjs tensors. */
export function tfjsWeights(tf, o, p, l, d) {
  const width = l === 0 ? o.I : o.D * o.H;
  const kernel = (name, C) => f32(transpose(rznToZrn(p[paramName(name, l, d)].data, o.H, C), 3 * o.H, C));
  const weights = [
    tf.tensor2d(kernel('weight_ih', width), [width, 3 * o.H]),
    tf.tensor2d(kernel('weight_hh', o.H), [o.H, 3 * o.H]),
  ];
  if (!o.bias) return weights;
  const [bi, bh] = ['bias_ih', 'bias_hh'].map((b) => rznToZrn(p[paramName(b, l, d)].data, o.H, 1));
  return [...weights, tf.tensor1d(f32(bi.map((v, k) => v + bh[k])))];
}

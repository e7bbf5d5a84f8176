// The ONNX model of one nn.GRU configuration: one GRU node per layer (opset 14, linear_before_reset=1, layout=0),
// each layer's Y [T, D, N, H] transposed and reshaped to [T, N, D*H] as the next layer's X. With lengths, every
// layer's node takes the same sequence_lens [N] (int32), and ONNX Runtime alone decides what the padding gives.
import { ELEM_TYPE, int64Tensor, model, node, valueInfo } from './onnx-messages.js';

export const OPSET = 14;

/** Graph input and output names of layer l. */
export const names = (l) => ({
  W: `W_${l}`,
  R: `R_${l}`,
  B: `B_${l}`,
  h0: `initial_h_${l}`,
  Y: `Y_${l}`,
  Yh: `Y_h_${l}`,
});

/**
 * @param {{dtype: 'float32' | 'float64' | 'float16', I: number, H: number, layers: number, D: number, bias: boolean, hx: boolean, lengths?: boolean}} c
 * @returns {Uint8Array} the serialized ModelProto
 */
export function gruModel(c) {
  const type = ELEM_TYPE[c.dtype];
  const nodes = [];
  const inputs = [valueInfo('X', type, ['T', 'N', c.I])];
  if (c.lengths) inputs.push(valueInfo('sequence_lens', ELEM_TYPE.int32, ['N']));
  const outputs = [];
  let x = 'X';
  for (let l = 0; l < c.layers; l++) {
    const n = names(l);
    const width = l === 0 ? c.I : c.D * c.H;
    inputs.push(valueInfo(n.W, type, [c.D, 3 * c.H, width]), valueInfo(n.R, type, [c.D, 3 * c.H, c.H]));
    if (c.bias) inputs.push(valueInfo(n.B, type, [c.D, 6 * c.H]));
    if (c.hx) inputs.push(valueInfo(n.h0, type, [c.D, 'N', c.H]));
    const gruInputs = [x, n.W, n.R, c.bias ? n.B : '', c.lengths ? 'sequence_lens' : '', c.hx ? n.h0 : ''];
    nodes.push(
      node('GRU', `gru_${l}`, gruInputs, [n.Y, n.Yh], {
        hidden_size: c.H,
        direction: c.D === 2 ? 'bidirectional' : 'forward',
        linear_before_reset: 1,
        layout: 0,
      }),
    );
    outputs.push(valueInfo(n.Yh, type, [c.D, 'N', c.H]));
    if (l === c.layers - 1) {
      outputs.push(valueInfo(n.Y, type, ['T', c.D, 'N', c.H]));
    } else {
      nodes.push(node('Transpose', `transpose_${l}`, [n.Y], [`Yt_${l}`], { perm: [0, 2, 1, 3] }));
      nodes.push(node('Reshape', `reshape_${l}`, [`Yt_${l}`, 'layer_shape'], [`X_${l + 1}`]));
      x = `X_${l + 1}`;
    }
  }
  const initializers = c.layers > 1 ? [int64Tensor('layer_shape', [0, 0, c.D * c.H])] : [];
  return model({ opset: OPSET, graphName: 'torch_nn_gru', nodes, initializers, inputs, outputs });
}

// Gradients of the tfjs port (capability backward) by tfjs's own autodiff: tf.variableGrads of
// sum(output * G_out) + sum(h_n * G_hn) over the input, the initial states and the layers' weights, mapped back
// to PyTorch's names as the port mapped them forward (kernels transposed, z|r|h to r|z|n, the one bias's gradient
// given to both b_ih and b_hh, which it sums). Its forward already differs from nn.GRU (reset before the matmul),
// so its gradients are not nn.GRU's either: a negative control for the grad family, as the port is for the rest.
import { rznToZrn, transpose } from '../shared/gate-blocks.js';
import { reject } from '../shared/reject.js';
import { swap01, torchCall } from '../shared/torch-call.js';
import { checkParameters, gruOptions, paramName } from '../shared/torch-kwargs.js';
import { tf } from './tfjs-cpu.js';
import { tfjsWeights } from './tfjs-weights.js';

const f32 = (a) => Float32Array.from(a);

/** The upstream tensor's data, checked against the shape of the result it belongs to (null: zeros). */
function upstreamData(name, g, shape) {
  if (g == null) return new Float64Array(shape.reduce((a, b) => a * b, 1));
  if (String(g.shape) !== String(shape))
    reject('gru.grad.err-upstream-shape', `upstream ${name} has shape [${g.shape}], ${name} has [${shape}]`);
  return g.data;
}

/** A (Bidirectional) tf.layers.gru for torch layer l, loaded with its weights. */
function portedLayer(o, parameters, l, recurrentActivation) {
  const gru = tf.layers.gru({
    units: o.H,
    useBias: o.bias,
    returnSequences: true,
    returnState: true,
    ...(recurrentActivation === undefined ? {} : { recurrentActivation }),
    kernelInitializer: 'zeros',
    recurrentInitializer: 'zeros',
  });
  const layer = o.D === 2 ? tf.layers.bidirectional({ layer: gru, mergeMode: 'concat' }) : gru;
  layer.apply(tf.input({ batchShape: [null, null, l === 0 ? o.I : o.D * o.H] }));
  const weights = [0, 1].slice(0, o.D).flatMap((d) => tfjsWeights(tf, o, parameters, l, d));
  layer.setWeights(weights);
  tf.dispose(weights);
  return layer;
}

/** @param {string | undefined} recurrentActivation */
export function tfjsBackward(recurrentActivation) {
  return function backward({ kwargs, dtype, parameters, input, hx, upstream }) {
    const o = gruOptions(kwargs);
    checkParameters(o, parameters);
    const call = torchCall(o, dtype, input, hx);
    if (dtype !== 'float32') throw new Error('the tfjs CPU backend computes float32 only');
    const { L, N, batched, hxShape } = call;
    const W = o.D * o.H;
    const batchFirst = batched && o.batchFirst;
    const outShape = !batched ? [L, W] : batchFirst ? [N, L, W] : [L, N, W];
    const gOut = upstreamData('output', upstream?.output, outShape);
    const gHn = upstreamData('h_n', upstream?.h_n, hxShape);
    const layers = Array.from({ length: o.layers }, (_, l) =>
      portedLayer(o, parameters, l, recurrentActivation),
    );
    try {
      return tf.tidy(() => {
        const x = tf.variable(tf.tensor3d(f32(swap01(call.x, L, N, o.I)), [N, L, o.I]));
        const rows = o.D * o.layers;
        const h0 = Array.from({ length: rows }, (_, k) =>
          tf.variable(
            tf.tensor2d(
              f32(call.hx ? call.hx.subarray(k * N * o.H, (k + 1) * N * o.H) : new Float64Array(N * o.H)),
              [N, o.H],
            ),
          ),
        );
        const weights = layers.flatMap((layer) => layer.trainableWeights.map((w) => w.read()));
        const gY = tf.tensor3d(f32(batchFirst ? gOut : swap01(gOut, L, N, W)), [N, L, W]);
        const loss = () => {
          let y = x;
          const states = [];
          for (const [l, layer] of layers.entries()) {
            const initialState = h0.slice(l * o.D, (l + 1) * o.D);
            const [out, ...hs] = layer.apply(y, { initialState });
            states.push(...hs);
            y = out;
          }
          let total = tf.sum(tf.mul(y, gY));
          states.forEach((h, k) => {
            const g = tf.tensor2d(f32(gHn.subarray(k * N * o.H, (k + 1) * N * o.H)), [N, o.H]);
            total = tf.add(total, tf.sum(tf.mul(h, g)));
          });
          return total;
        };
        const { grads } = tf.variableGrads(loss, [x, ...h0, ...weights]);
        const read = (v) => Float64Array.from(grads[v.name].dataSync());
        const t = (shape, data) => ({ dtype, shape: [...shape], data: data.map(Math.fround) });
        const dx = read(x);
        const gradients = { input: t(input.shape, batchFirst || !batched ? dx : swap01(dx, N, L, o.I)) };
        if (hx != null) {
          const dh = new Float64Array(rows * N * o.H);
          for (const [k, v] of h0.entries()) dh.set(read(v), k * N * o.H);
          gradients.hx = t(hx.shape, dh);
        }
        let w = 0;
        for (let l = 0; l < o.layers; l++) {
          const width = l === 0 ? o.I : W;
          for (let d = 0; d < o.D; d++) {
            const back = (C) => rznToZrn(transpose(read(weights[w++]), C, 3 * o.H), o.H, C);
            gradients[paramName('weight_ih', l, d)] = t([3 * o.H, width], back(width));
            gradients[paramName('weight_hh', l, d)] = t([3 * o.H, o.H], back(o.H));
            if (o.bias) {
              const b = rznToZrn(read(weights[w++]), o.H, 1); // the one bias is b_ih + b_hh: both get its gradient
              gradients[paramName('bias_ih', l, d)] = t([3 * o.H], b);
              gradients[paramName('bias_hh', l, d)] = t([3 * o.H], b);
            }
          }
        }
        return { gradients };
      });
    } finally {
      for (const layer of layers) layer.dispose();
    }
  };
}

// @tensorflow/tfjs on its pure-JS CPU backend, without the one-time console hint about tfjs-node.
import * as tf from '@tensorflow/tfjs';

await tf.setBackend('cpu');
// The CPU backend prints its hint on the first tensor it stores: store one with console.warn muted.
const warn = console.warn;
console.warn = () => undefined;
try {
  tf.scalar(0).dispose();
} finally {
  console.warn = warn;
}

export { tf };

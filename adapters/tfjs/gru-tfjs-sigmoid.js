// Negative control: nn.GRU ported to tf.layers.gru with recurrentActivation 'sigmoid', as in PyTorch.
import { tfjsGru } from './tfjs-gru.js';

export default tfjsGru("tfjs tf.layers.gru (recurrentActivation 'sigmoid')", 'sigmoid');

// Negative control: nn.GRU ported to tf.layers.gru with tfjs's default recurrentActivation (hardSigmoid).
import { tfjsGru } from './tfjs-gru.js';

export default tfjsGru('tfjs tf.layers.gru (default hardSigmoid recurrent activation)', undefined);

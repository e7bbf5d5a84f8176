// onnxruntime-node's GRU and sequence_lens (see sequence-lens-probe.js).
import ort from 'onnxruntime-node';
import { runSequenceLensProbe } from './sequence-lens-probe.js';

export const sequenceLensProbe = () => runSequenceLensProbe(ort, {});

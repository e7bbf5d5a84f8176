// onnxruntime-web's wasm GRU and sequence_lens, as for the native build (see ../onnxruntime/sequence-lens-probe.js).
import ort from 'onnxruntime-web';
import { runSequenceLensProbe } from '../onnxruntime/sequence-lens-probe.js';

ort.env.wasm.numThreads = 1;

export const sequenceLensProbe = () => runSequenceLensProbe(ort, { executionProviders: ['wasm'] });

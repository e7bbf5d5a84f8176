// onnxruntime-web's wasm GRU kernel and float64, as for the native build (see ../onnxruntime/float64-kernel-error.js).
import ort from 'onnxruntime-web';
import { float64GruError as probe } from '../onnxruntime/float64-kernel-error.js';

ort.env.wasm.numThreads = 1;

export const float64GruError = () => probe(ort, { executionProviders: ['wasm'] });

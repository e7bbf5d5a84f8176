// onnxruntime-web's wasm GRU and float16, as for the native build (see ../onnxruntime/float16-kernel-match.js).
import ort from 'onnxruntime-web';
import { float16GruMatch as probe } from '../onnxruntime/float16-kernel-match.js';

ort.env.wasm.numThreads = 1;

export const float16GruMatch = () => probe(ort, { executionProviders: ['wasm'], logSeverityLevel: 3 });

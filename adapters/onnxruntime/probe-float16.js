// onnxruntime-node's GRU and float16 (see float16-kernel-match.js).
import ort from 'onnxruntime-node';
import { float16GruMatch as probe } from './float16-kernel-match.js';

export const float16GruMatch = () => probe(ort, { logSeverityLevel: 3 });

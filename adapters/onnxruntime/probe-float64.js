// onnxruntime-node's GRU kernel and float64 (see float64-kernel-error.js).
import ort from 'onnxruntime-node';
import { float64GruError as probe } from './float64-kernel-error.js';

export const float64GruError = () => probe(ort, {});

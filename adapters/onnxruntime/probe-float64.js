// onnxruntime-node's GRU kernel and float64 (see float64-probe.js).
import ort from 'onnxruntime-node';
import { float64GruError as probe } from './float64-probe.js';

export const float64GruError = () => probe(ort, {});

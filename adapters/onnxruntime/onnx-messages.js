// The ONNX protobuf messages a GRU model uses (field numbers from onnx.proto, IR version 8), as byte builders.
import { intField, message, messageField, packedIntsField, stringField } from './protobuf-writer.js';

/** TensorProto.DataType */
export const ELEM_TYPE = { float32: 1, int32: 6, int64: 7, float16: 10, float64: 11 };
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

/** AttributeProto: an int, a string or a list of (non-negative) ints. */
function attribute(name, value) {
  if (Array.isArray(value)) return [stringField(1, name), packedIntsField(8, value), intField(20, ATTR_INTS)];
  return typeof value === 'number'
    ? [stringField(1, name), intField(3, value), intField(20, ATTR_INT)]
    : [stringField(1, name), stringField(4, value), intField(20, ATTR_STRING)];
}

/** NodeProto; an empty input name means an omitted optional input. */
export function node(opType, name, inputs, outputs, attributes = {}) {
  return [
    ...inputs.map((i) => stringField(1, i)),
    ...outputs.map((o) => stringField(2, o)),
    stringField(3, name),
    stringField(4, opType),
    ...Object.entries(attributes).map(([k, v]) => messageField(5, attribute(k, v))),
  ];
}

/** ValueInfoProto of a tensor; a dimension is a number or a symbolic name. */
export function valueInfo(name, elemType, dims) {
  const dim = (d) => messageField(1, [typeof d === 'number' ? intField(1, d) : stringField(2, d)]);
  const shape = messageField(2, dims.map(dim));
  return [stringField(1, name), messageField(2, [messageField(1, [intField(1, elemType), shape])])];
}

/** TensorProto of int64 values (a constant shape, say). */
export function int64Tensor(name, values) {
  return [
    packedIntsField(1, [values.length]),
    intField(2, ELEM_TYPE.int64),
    packedIntsField(7, values),
    stringField(8, name),
  ];
}

/** ModelProto of one graph at one opset of the default domain. */
export function model({ opset, graphName, nodes, initializers, inputs, outputs }) {
  const graph = [
    ...nodes.map((n) => messageField(1, n)),
    stringField(2, graphName),
    ...initializers.map((t) => messageField(5, t)),
    ...inputs.map((v) => messageField(11, v)),
    ...outputs.map((v) => messageField(12, v)),
  ];
  return message([
    intField(1, 8),
    stringField(2, 'gru-conformance-adapters'),
    messageField(7, graph),
    messageField(8, [stringField(1, ''), intField(2, opset)]),
  ]);
}

// The few protobuf wire-format encodings an ONNX model needs: varints, strings, bytes and nested messages.
// A message is built as a list of already-encoded fields, then concatenated.

const encoder = new TextEncoder();

/** An unsigned varint of a non-negative safe integer. */
function varint(value) {
  const bytes = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Field `number` as a varint (wire type 0): int32, int64 and enum fields with non-negative values. */
export const intField = (number, value) => concat([varint(number * 8), varint(value)]);

/** Field `number` as length-delimited bytes (wire type 2). */
export const bytesField = (number, bytes) => concat([varint(number * 8 + 2), varint(bytes.length), bytes]);

export const stringField = (number, text) => bytesField(number, encoder.encode(text));

/** A nested message: its fields, concatenated, as a length-delimited field. */
export const messageField = (number, fields) => bytesField(number, concat(fields));

/** Packed repeated int64 (non-negative values). */
export const packedIntsField = (number, values) => bytesField(number, concat(values.map(varint)));

export const message = concat;

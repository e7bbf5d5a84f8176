// NumPy's .npy format, version 1.0, for float64 values: the magic string \x93NUMPY, the version (1, 0), the
// header's length (2 bytes, little-endian), the header (a Python dict literal: descr '<f8', fortran_order False,
// the shape tuple), padded with spaces and ended by a newline so that the values start at a multiple of 64
// bytes, then the values as little-endian doubles in row-major (C) order. Every bit of every value is kept:
// NaN, the infinities, -0.0 and subnormals. numpy.load reads it; so does any reader of the format.

const MAGIC = [0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0))];
const PREAMBLE = MAGIC.length + 2 + 2; // magic, version, header length
const ALIGN = 64;

/** The shape as Python writes a tuple: (), (3,), (2, 3). */
function shapeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The header dict, padded with spaces and a final newline so that PREAMBLE + header is a multiple of 64. */
function header(shape: readonly number[]): string {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeTuple(shape)}, }`;
  const unpadded = PREAMBLE + dict.length + 1;
  const pad = (ALIGN - (unpadded % ALIGN)) % ALIGN;
  return `${dict}${' '.repeat(pad)}\n`;
}

/** An .npy file of `data` (row-major) with `shape`; the shape must hold exactly data.length values. */
export function encodeNpy(shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw new Error(`npy: shape [${shape.join(', ')}] is not a list of non-negative integers`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new Error(`npy: shape [${shape.join(', ')}] holds ${count} values, got ${data.length}`);
  const text = header(shape);
  if (text.length > 0xffff) throw new Error(`npy: a header of ${text.length} bytes needs format version 2`);
  const bytes = new Uint8Array(PREAMBLE + text.length + 8 * count);
  const view = new DataView(bytes.buffer);
  bytes.set(MAGIC, 0);
  bytes[MAGIC.length] = 1; // major version
  bytes[MAGIC.length + 1] = 0; // minor version
  view.setUint16(MAGIC.length + 2, text.length, true);
  for (let i = 0; i < text.length; i++) bytes[PREAMBLE + i] = text.charCodeAt(i);
  const start = PREAMBLE + text.length;
  for (let i = 0; i < count; i++) view.setFloat64(start + 8 * i, data[i], true);
  return bytes;
}

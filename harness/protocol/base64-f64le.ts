// The binary tensor encoding of spec/protocol.md (version 2, "base64-f64le"): every value as the 8 bytes of
// its IEEE-754 double, little-endian, the whole tensor as one standard base64 string. Exact by construction:
// NaN, the infinities, -0 and subnormals keep their bits, and float32 values travel as the doubles they equal.
import { endianness } from 'node:os';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Standard base64 (A-Z a-z 0-9 + /, '=' padding) of the values as little-endian doubles. */
export function encodeBase64F64le(values: ArrayLike<number>, littleEndianHost = LITTLE_ENDIAN_HOST): string {
  const doubles = values instanceof Float64Array ? values : Float64Array.from(values);
  const bytes = Buffer.from(doubles.buffer, doubles.byteOffset, doubles.byteLength);
  // A big-endian host holds doubles in the other byte order: swap a copy, never the caller's array.
  return (littleEndianHost ? bytes : Buffer.from(bytes).swap64()).toString('base64');
}

/** The base64 length of `count` doubles: 4 characters per 3 bytes, the last group padded with '='. */
export function base64Length(count: number): number {
  return 4 * Math.ceil((8 * count) / 3);
}

/**
 * Decodes `count` little-endian doubles from standard base64; throws naming `field` and the problem when
 * the text is not the canonical base64 of exactly 8 * count bytes.
 */
export function decodeBase64F64le(
  text: string,
  count: number,
  field: string,
  littleEndianHost = LITTLE_ENDIAN_HOST,
): Float64Array {
  const problem = notCanonical(text, count);
  if (problem !== null) throw new Error(`${field}: ${problem}`);
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder skips characters outside the alphabet (or stops at a misplaced '='), so with the length
  // and the last four characters checked, a short result is the sign of a bad character.
  if (bytes.length !== 8 * count) throw new Error(`${field}: ${notBase64(text)}`);
  if (!littleEndianHost) bytes.swap64();
  // A view when the bytes are 8-byte aligned (always for large tensors), else a copy.
  if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, count);
  const values = new Float64Array(count);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

/**
 * What is wrong with text as the base64 of `count` doubles, from checks that cost far less than decoding:
 * the length, ASCII only, no URL-safe characters (Node's decoder takes them), a canonical last group.
 */
function notCanonical(text: string, count: number): string | null {
  const length = base64Length(count);
  if (text.length !== length) {
    if (badCharacter(text) !== -1) return notBase64(text);
    const got = text.length % 4 === 0 ? `${(3 * text.length) / 4 - padding(text)} bytes, ` : '';
    return `${count} float64 values need ${8 * count} bytes (${length} base64 characters), got ${got}${text.length} characters`;
  }
  // Node reads a character beyond Latin-1 by its low byte ('\u0141' as 'A'): only ASCII is safe to decode.
  const ascii = Buffer.byteLength(text, 'utf8') === text.length;
  if (!ascii || text.includes('-') || text.includes('_')) return notBase64(text);
  if (length > 0 && !CANONICAL_END[(8 * count) % 3].test(text.slice(-4))) return notBase64(text);
  return null;
}

/** The last group of 4 characters for 0, 1 or 2 bytes left over: no stray '=', unused bits zero. */
const CANONICAL_END = [
  /^[A-Za-z0-9+/]{4}$/,
  /^[A-Za-z0-9+/][AQgw]==$/,
  /^[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=$/,
];

/** The index of the first character outside the alphabet, padding at the very end excepted; -1 if none. */
function badCharacter(text: string): number {
  return text.replace(/={1,2}$/, '').search(/[^A-Za-z0-9+/]/);
}

function padding(text: string): number {
  return text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
}

/** What is wrong with text that is not canonical base64 (called only on the error path). */
function notBase64(text: string): string {
  const bad = badCharacter(text);
  if (bad !== -1) {
    return `not base64: character ${bad} is ${JSON.stringify(text[bad])}, outside A-Z a-z 0-9 + / (or '=' padding at the end)`;
  }
  if (text.length % 4 !== 0) return `not base64: ${text.length} characters, not a multiple of 4`;
  return `not base64: ${JSON.stringify(text.slice(-4))} is not the canonical end of a base64 string (padding or unused bits)`;
}

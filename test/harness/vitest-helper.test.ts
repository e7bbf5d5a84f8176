// The vitest helper embeds the suite in three lines; here it checks the bundled example on two checks.
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/implementation.js';
import { describeConformance } from '../../harness/vitest.js';

describeConformance(javascriptExample as Implementation, { only: 'numeric.one-step', runs: 20 });
describeConformance(
  { cmd: 'node --import tsx harness/cli/main.ts oracle serve' },
  { only: 'relation.dir', runs: 10 },
);

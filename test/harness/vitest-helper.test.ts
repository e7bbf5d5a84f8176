// The vitest helper embeds the suite in three lines; here it checks the bundled example on a few checks, as an
// object, as an isolated module and behind the protocol.
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { describeConformance } from '../../harness/vitest.js';
import { CLI } from '../helpers/cli.js';

describeConformance(javascriptExample as Implementation, { only: 'numeric.one-step', runs: 20 });
describeConformance({ module: 'examples/js/gru.js' }, { only: 'numeric.sequence', runs: 10 });
describeConformance({ cmd: `node ${CLI} oracle serve` }, { only: 'relation.dir', runs: 10 });

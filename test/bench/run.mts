// npm run bench: speed and throughput figures, printed (never asserted in tests).
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/implementation.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import { inProcessRate, profileDuration, roundTrip } from './check-speed.js';
import { oracleSpeed } from './oracle-speed.js';

const example = javascriptExample as Implementation;
for (const line of await oracleSpeed()) console.log(line);
console.log(await inProcessRate(example));
console.log(await roundTrip('node --import tsx harness/cli/main.ts oracle serve'));
console.log(await profileDuration('bundled JavaScript example, in process', example));
console.log(
  await profileDuration(
    'Python/numpy example, subprocess',
    await spawnImplementation('uv run --frozen python examples/python/gru_numpy.py'),
  ),
);

// npm run bench: speed and throughput figures, printed (never asserted in tests).
// npm run bench -- --big adds the largest call of the speed goal over `oracle serve` (a minute or more).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import javascriptExample from '../../examples/js/gru.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { spawnImplementation } from '../../harness/protocol/subprocess.js';
import { caseSpaceFigures } from './case-space.js';
import { cliCheckDuration, inProcessRate, profileDuration, roundTrip } from './check-speed.js';
import { oracleSpeed } from './oracle-speed.js';
import { bigCall, protocolCostPerMB, startTime } from './protocol-speed.js';

const ORACLE_SERVE = 'node dist/harness/cli/main.js oracle serve';
const PYTHON_EXAMPLE = 'uv run --frozen python examples/python/gru_numpy.py';
const TORCH = 'uv run --frozen python adapters/torch/gru_torch.py';
const CANDLE = 'adapters/candle/target/release/gru-candle';

const example = javascriptExample as Implementation;
const spawn = (command: string, json = false) =>
  spawnImplementation(command, { timeoutMs: 60_000, ...(json ? { encodings: ['json' as const] } : {}) });

for (const line of caseSpaceFigures()) console.log(line);
console.log(await cliCheckDuration('bundled JavaScript example, in process, one thread', ['--workers', '1']));
console.log(
  await cliCheckDuration(`bundled JavaScript example, in process, ${availableParallelism()} threads`, []),
);
for (const line of await oracleSpeed()) console.log(line);
console.log(await inProcessRate(example));
console.log(await roundTrip(ORACLE_SERVE));
console.log(protocolCostPerMB());
console.log(await profileDuration('bundled JavaScript example, in process', example));
console.log(await profileDuration('Python/numpy example, subprocess, base64', await spawn(PYTHON_EXAMPLE)));
console.log(await profileDuration('oracle serve, subprocess, base64', await spawn(ORACLE_SERVE)));
console.log(await profileDuration('oracle serve, subprocess, JSON numbers', await spawn(ORACLE_SERVE, true)));
console.log(await startTime('PyTorch adapter', TORCH));
console.log(await profileDuration('PyTorch adapter, subprocess, base64', await spawn(TORCH)));
if (existsSync(CANDLE)) {
  console.log(await profileDuration('candle adapter, subprocess, base64', await spawn(CANDLE)));
}
if (process.argv.includes('--big')) console.log(await bigCall(ORACLE_SERVE));

// npm run bench: speed and throughput figures, printed (never asserted in tests).
import { oracleSpeed } from './oracle-speed.js';

console.log(oracleSpeed());

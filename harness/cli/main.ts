#!/usr/bin/env node
// gru-conformance: the command line. Exit 0 only for a complete conformant run; 1 not conformant; 2 incomplete,
// usage or harness error; 130/143 after SIGINT/SIGTERM (harness/cli/exit-status.ts, README "Exit status").
// Each command's modules are imported when it runs: `oracle serve` (a subprocess the harness may start many
// times) loads the oracle and the protocol, not the checks, the runner and the reports.

import { SUITE_VERSION } from '../version.js';
import { didYouMean, UsageError } from './args.js';
import { EXIT_INCOMPLETE } from './exit-status.js';
import { COMMAND_HELP, HELP } from './help.js';

// Pessimistic until a verdict is reached: a process that ends any other way never reports success.
process.exitCode = EXIT_INCOMPLETE;

/** The reference oracle behind the subprocess protocol on stdin and stdout. */
async function serveOracle(): Promise<void> {
  const [{ serve }, { oracleImplementation }] = await Promise.all([
    import('../protocol/serve.js'),
    import('../contract/oracle-implementation.js'),
  ]);
  await serve(oracleImplementation, process.stdin, process.stdout);
}

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if ((command === 'check' || command === 'fuzz') && wantsHelp(rest)) {
    process.stdout.write(COMMAND_HELP[command]);
    return 0;
  }
  if (command === 'merge' && wantsHelp(rest)) {
    process.stdout.write(COMMAND_HELP.merge);
    return 0;
  }
  if (command === 'oracle' && wantsHelp(rest)) {
    process.stdout.write(COMMAND_HELP['oracle serve']);
    return 0;
  }
  switch (command) {
    case 'check':
      return (await import('./run-commands.js')).checkCommand(rest);
    case 'fuzz':
      return (await import('./run-commands.js')).fuzzCommand(rest);
    case 'merge':
      return (await import('./merge.js')).mergeCommand(rest);
    case 'oracle':
      if (rest.length !== 1 || rest[0] !== 'serve')
        throw new UsageError(`oracle: expected 'oracle serve', got 'oracle ${rest.join(' ')}'`);
      await serveOracle();
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return command === undefined ? EXIT_INCOMPLETE : 0;
    case '--version':
      console.log(SUITE_VERSION);
      return 0;
    default:
      throw new UsageError(
        `unknown command '${command}'${didYouMean(command, ['check', 'fuzz', 'merge', 'oracle', 'help']).replace('--', '')} (expected check, fuzz, merge, oracle serve or help)`,
      );
  }
}

// Holds the event loop open until main() settles: an idle child or thread must not let the process end early.
const keepAlive = setInterval(() => undefined, 1 << 30);
main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const usage = e instanceof UsageError || (e instanceof Error && e.message.startsWith('--'));
      console.error(
        `gru-conformance: ${usage ? (e as Error).message : `harness error: ${(e as Error)?.stack ?? e}`}`,
      );
      process.exitCode = EXIT_INCOMPLETE;
    },
  )
  .finally(() => clearInterval(keepAlive));

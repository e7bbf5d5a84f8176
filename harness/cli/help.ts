// The CLI's help texts: the whole CLI, and one per subcommand (kept in step with README.md by test/cli/cli.test.ts).

type Command = 'check' | 'fuzz' | 'merge';

/** Each option once, with the subcommands that take it. */
const OPTIONS: { flag: string; text: string; in: Command[] }[] = [
  {
    flag: '--cmd "<command line>"',
    text: 'run the implementation as a subprocess (kept alive, restarted after a crash)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--seed <n|random>',
    text: 'fast-check seed, 0 to 4294967295 (check: 42; fuzz: random); random is printed',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--runs <n>',
    text: 'cases per property (default 100; relations use half, invalid calls a quarter)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--dtype <dtype>',
    text: 'only float32, float64, float16 or bfloat16 (default: all it declares)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--only <prefix,...>',
    text: 'only checks whose id or clause id starts with one of the prefixes (e.g. gru.dir)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--skip <prefix,...>',
    text: 'not the checks whose id starts with one of the prefixes (e.g. numeric.sizes)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--timeout <duration>',
    text: 'per-request timeout, e.g. 500ms, 10s (default 30s); units are required',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--max-timeouts <n>',
    text: 'stop the run after n requests in a row timed out (default 3)',
    in: ['check', 'fuzz'],
  },
  { flag: '--budget <duration>', text: 'stop the whole run after this long (default 1h)', in: ['check'] },
  {
    flag: '--replay <token>',
    text: 're-run exactly one failing case, from the token its failure printed',
    in: ['check'],
  },
  {
    flag: '--time <duration>',
    text: 'how long to run (a signal stops early and still writes the reports)',
    in: ['fuzz'],
  },
  {
    flag: '--rounds <n>',
    text: 'run rounds 0..n-1 (round r: seed + r), every check in every round',
    in: ['fuzz'],
  },
  {
    flag: '--strict-clauses',
    text: 'a rejection of an invalid call must name its gru.err.* clause (default: warn)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--workers <n>',
    text: 'threads running checks, each with its own instance (default: cores, up to 8)',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--shard <k/n>',
    text: 'part k of n: check, every n-th check from the k-th; fuzz, rounds k-1, k-1+n, ...',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--dump <dir>',
    text: 'write each failing case (requests, answers, expected, allowance) as JSON and .npy',
    in: ['check', 'fuzz'],
  },
  {
    flag: '--report-json <file>',
    text: 'write the JSON report (schema: spec/report.schema.json), whatever the outcome',
    in: ['check', 'fuzz', 'merge'],
  },
  {
    flag: '--report-junit <file>',
    text: 'write a JUnit XML report, whatever the outcome',
    in: ['check', 'fuzz', 'merge'],
  },
  {
    flag: '--report-html <file>',
    text: 'write one self-contained HTML page: verdict, clause table, plots, failures',
    in: ['check', 'fuzz', 'merge'],
  },
  { flag: '-q, --quiet', text: 'print only the verdict line', in: ['check', 'fuzz', 'merge'] },
  { flag: '-h, --help', text: 'this help', in: ['check', 'fuzz', 'merge'] },
];

const EXIT_STATUS = `Exit status: 0 conformant (the run is complete, every requested check family judged at least one case,
nothing failed); 1 not conformant; 2 incomplete (stopped by --budget or --max-timeouts, nothing judged,
a harness error), a usage error or an implementation that cannot start; 130 or 143 after SIGINT or SIGTERM.
`;

const DUMP = `--dump <dir>: one folder per failing check, <check id>/case.json (the requests as the implementation
got them, its answers, the expected tensors, each element's allowance, the replay token), and each tensor as
an .npy file (float64, '<f8', whatever the dtype: float32 values are exact in it); <dir>/index.json lists
them (check, clause, kind of failure). In JSON, NaN, Infinity, -Infinity and -0 are strings. <dir> is
created if missing; it must be writable and empty, or hold an earlier dump, which is replaced.
`;

const MODULE = `With no module and no --cmd, the bundled example (examples/js/gru.js) is checked.
A module exports (default, or as 'implementation') { name, forward(request) }; .ts modules load via tsx.
It runs in a worker thread of its own, isolated from the judge.
`;

function optionLines(command?: Command): string {
  const width = 25;
  return OPTIONS.filter((o) => command === undefined || o.in.includes(command))
    .map((o) => {
      const only =
        command === undefined && o.in.length < 3 && !(o.in.includes('check') && o.in.includes('fuzz'))
          ? `${o.in.join(', ')} only: `
          : '';
      const flag = o.flag.padEnd(width);
      return `  ${o.flag.length > width ? `${o.flag}\n  ${''.padEnd(width)}` : flag} ${only}${o.text}`;
    })
    .join('\n');
}

export const HELP = `gru-conformance: check a GRU implementation against PyTorch's torch.nn.GRU

Usage:
  gru-conformance check [module] [options]      run the default profile once (goldens + properties)
  gru-conformance check --cmd "<command>" ...   check a subprocess speaking spec/protocol.md
  gru-conformance fuzz [module] --time <dur>    property checks with fresh seeds until the time is up
  gru-conformance fuzz [module] --rounds <n>    the same for n rounds of seeds (n shards split them exactly)
  gru-conformance merge <report.json...>        join the JSON reports of the shards of one run (--shard)
  gru-conformance oracle serve                  the float64 oracle, speaking spec/protocol.md on stdio
  gru-conformance help | --help | --version     (and <command> --help)

${MODULE}
Options:
${optionLines()}

${EXIT_STATUS}`;

export const COMMAND_HELP: Record<Command | 'oracle serve', string> = {
  check: `gru-conformance check: run the default profile once: every PyTorch golden, the property checks, the
generated invalid calls and the size cases; the verdict is the exit status (CI gates on it).

Usage:
  gru-conformance check [module] [options]
  gru-conformance check --cmd "<command line>" [options]

${MODULE}
Options:
${optionLines('check')}

${DUMP}
${EXIT_STATUS}`,
  fuzz: `gru-conformance fuzz: the property checks round after round, round r with the seed seed + r, until
--time is up or --rounds are done, with a live progress line; each failure's minimal case is reported.
With --time alone a failing check stops being run. With --rounds every check runs every round, so the
cases run depend only on --seed, --runs and --rounds: --shard k/n jobs run exactly the unsharded run's
cases between them (each its rounds r with r mod n = k - 1), and merge gives the unsharded verdict. Time
cannot be split exactly: shards of a --time run fuzz disjoint seeds, as many as each gets through.

Usage:
  gru-conformance fuzz [module] --time <duration> [options]
  gru-conformance fuzz [module] --rounds <n> [--time <duration>] [options]
  gru-conformance fuzz --cmd "<command line>" --time <duration> [options]

${MODULE}
Options:
${optionLines('fuzz')}

${DUMP}
${EXIT_STATUS}`,
  merge: `gru-conformance merge: the JSON reports of the shards of one run (check or fuzz with --shard k/n, the
same implementation, seed and options) joined into the report of the whole run, with its verdict and exit
status. A missing shard makes the run incomplete; reports of different runs or overlapping shards are refused.
Dumps (--dump) are not merged: each job writes its own folder.

Usage:
  gru-conformance merge <report.json...> [options]

Options:
${optionLines('merge')}

${EXIT_STATUS}`,
  'oracle serve': `gru-conformance oracle serve: the float64 reference oracle as a service, speaking the protocol of
spec/protocol.md on stdin and stdout (one JSON message a line), so that tools in any language can use it.

Usage:
  gru-conformance oracle serve

It runs until stdin closes; exit 0.
`,
};

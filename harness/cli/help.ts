// The CLI's help text (kept in step with README.md by test/cli/cli.test.ts).
export const HELP = `gru-conformance: check a GRU implementation against PyTorch's torch.nn.GRU

Usage:
  gru-conformance check [module] [options]      run the default profile once (goldens + properties)
  gru-conformance check --cmd "<command>" ...   check a subprocess speaking spec/protocol.md
  gru-conformance fuzz [module] --time <dur>    property checks with fresh seeds until the time is up
  gru-conformance oracle serve                  the float64 oracle, speaking spec/protocol.md on stdio
  gru-conformance help | --help | --version

With no module and no --cmd, check and fuzz use the bundled example (examples/js/gru.js).
A module exports (default, or as 'implementation') { name, forward(request) }; .ts modules load via tsx.
It runs in a worker thread of its own, isolated from the judge.

Options:
  --cmd "<command line>"   run the implementation as a subprocess (kept alive, restarted after a crash)
  --seed <n|random>        fast-check seed, 0 to 4294967295 (check: 42; fuzz: random); random is printed
  --runs <n>               cases per property (default 100; relations use half, invalid calls a quarter)
  --dtype <float32|float64> check one dtype only (default: both, as the implementation declares)
  --only <prefix,...>      only checks whose id or clause id starts with one of the prefixes (e.g. gru.dir)
  --skip <prefix,...>      not the checks whose id starts with one of the prefixes (e.g. numeric.sizes)
  --timeout <duration>     per-request timeout, e.g. 500ms, 10s (default 30s); units are required
  --max-timeouts <n>       stop the run after n requests in a row timed out (default 3)
  --budget <duration>      check only: stop the whole run after this long (default 1h)
  --replay <token>         check only: re-run exactly one failing case, from the token its failure printed
  --report-json <file>     write the JSON report (schema: spec/report.schema.json), whatever the outcome
  --report-junit <file>    write a JUnit XML report, whatever the outcome
  --time <duration>        fuzz only: how long to run (a signal stops early and still writes the reports)
  -q, --quiet              print only the verdict line

Exit status: 0 conformant (the run is complete, every requested check family judged at least one case,
nothing failed); 1 not conformant; 2 incomplete (stopped by --budget or --max-timeouts, nothing judged,
a harness error), a usage error or an implementation that cannot start; 130 or 143 after SIGINT or SIGTERM.
`;

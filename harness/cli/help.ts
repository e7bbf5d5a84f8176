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

Options:
  --cmd "<command line>"   run the implementation as a subprocess (kept alive, restarted after a crash)
  --seed <n>               fast-check seed (check: 42; fuzz: from the clock); printed in every report
  --runs <n>               cases per property (default 100; relations use half, invalid calls a quarter)
  --dtype <float32|float64> check one dtype only (default: both, as the implementation declares)
  --only <prefix>          only checks whose id or clause id starts with the prefix (e.g. gru.dir)
  --timeout <duration>     per-request timeout, e.g. 500ms, 10s (default 30s)
  --replay <token>         re-run exactly one failing case, from the token its failure printed
  --report-json <file>     write the JSON report (schema: spec/report.schema.json)
  --report-junit <file>    write a JUnit XML report
  --time <duration>        fuzz only: how long to run (Ctrl-C stops early and still writes the reports)
  -q, --quiet              print only the verdict line

Exit status: 0 conformant, 1 not conformant, 2 usage or harness error.
`;

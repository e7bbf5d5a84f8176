// The layering that `npm run lint` enforces (dependency-cruiser). Data flows one way: spec/ -> oracle/ ->
// harness/ -> reports. Inside harness/, a module may import from its own layer and the layers below it, never
// from a layer above (CONTRIBUTING.md, "Layers").
/** harness/'s layers, lowest first: each entry is a path pattern. */
const LAYERS = [
  ['base', '^harness/(random|tensor-ops|paths|within|run-guard|run-defaults|version|shard/shard)\\.ts$'],
  ['contract', '^harness/contract/'],
  ['transport', '^harness/(protocol|isolation)/'],
  ['judging', '^harness/judging/'],
  ['cases', '^harness/(cases|case-space|variants)/'],
  ['checks', '^harness/(checks|diagnosis)/'],
  ['report-model', '^harness/report/types\\.ts$'],
  ['run', '^harness/(runner|profile)\\.ts$'],
  ['parallel', '^harness/parallel/'],
  [
    'entry',
    '^harness/(cli/|shard/merge\\.ts$|report/(json|junit|terminal|html|html-plots|svg|markdown-page|dump|dump-folder|npy)\\.ts$|index\\.ts$|vitest\\.ts$)',
  ],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `harness-layer-${name}`,
  comment: `harness/ layer '${name}' imports only from its own layer and those below (${LAYERS.slice(0, i + 1)
    .map(([n]) => n)
    .join(', ')})`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    {
      name: 'oracle-stands-alone',
      comment: 'oracle/ is the reference: it imports nothing from harness/, adapters/ or test/',
      severity: 'error',
      from: { path: '^oracle/' },
      to: { path: '^(harness|adapters|test|examples)/' },
    },
    {
      name: 'harness-knows-its-layer',
      comment: 'every module of harness/ belongs to a layer of .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^harness/', pathNot: LAYERS.map(([, p]) => p) },
      to: {},
    },
    {
      name: 'adapters-use-public-entry-points',
      comment:
        'adapters/ is a package of its own: it reaches the suite through gru-conformance and gru-conformance/oracle only',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^(harness|oracle|test|spec)/' },
    },
    {
      name: 'harness-no-cycles',
      comment: 'no import cycles inside harness/',
      severity: 'error',
      from: { path: '^harness/' },
      to: { circular: true },
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};

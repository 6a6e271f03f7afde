/**
 * The layer map of docs/architecture.md, enforced: `npm test` runs `npm run lint:layers`, which fails
 * on any import that goes the wrong way, on a cycle, and on a folder that is not on the map.
 *
 * A layer may import itself and the layers listed in its `may`; nothing else of ours. Type-only
 * imports count too (`tsPreCompilationDeps`): a type is a dependency as much as a value.
 * Adding a top-level folder: give it a row here and in docs/architecture.md.
 */

/** Bottom to top. `pattern` matches the layer's files (paths relative to the repository root). */
const LAYERS = [
  { name: 'foundation', pattern: '^foundation/', may: [], what: 'ids, tag keys, time zones, rule ids, naming: imports nothing of ours' },
  { name: 'model', pattern: '^model/', may: ['foundation'], what: 'the YAML model (zod schemas, loader)' },
  { name: 'capacity', pattern: '^capacity/', may: ['foundation', 'model'], what: 'the pure capacity planner, DR posture choice and region roles' },
  { name: 'constructs', pattern: '^constructs/', may: ['foundation'], what: 'typed constructs: they take props, never the model or the plan' },
  { name: 'stacks', pattern: '^stacks/', may: ['foundation', 'model', 'capacity', 'constructs'], what: 'where a plan meets constructs' },
  { name: 'policies', pattern: '^policies/', may: ['foundation', 'model'], what: 'the policy pack, over synthesized Terraform JSON' },
  { name: 'report', pattern: '^report/', may: ['foundation', 'model', 'capacity'], what: 'the plan report, over the capacity plan' },
  { name: 'review', pattern: '^review/', may: ['foundation', 'model', 'capacity', 'policies', 'report'], what: 'diffs over two synth outputs' },
  {
    name: 'cli',
    pattern: '^(cli/|bin/|main\\.ts$)',
    may: ['foundation', 'model', 'capacity', 'constructs', 'stacks', 'policies', 'report', 'review'],
    what: 'the command line and the cdktf app, on top',
  },
];

/** Outside the map: they may import any layer, and nothing imports them. */
const TOOLING = [
  { name: 'scripts', pattern: '^scripts/' },
  { name: 'test', pattern: '^test/' },
];

const byName = new Map(LAYERS.map((layer) => [layer.name, layer]));
const known = [...LAYERS, ...TOOLING].map((entry) => entry.pattern);

/** `^(a|b|c)` for a list of anchored patterns. */
const anyOf = (patterns) => `^(${patterns.map((pattern) => pattern.replace(/^\^/, '')).join('|')})`;

/** Cdktf and the provider bindings: only constructs, stacks, cli (and tooling) may load them. */
const CDK_PACKAGES = '^node_modules/(cdktf|@cdktf|constructs)/';

const layerRules = LAYERS.map((layer) => ({
  name: `layer-${layer.name}`,
  severity: 'error',
  comment:
    `${layer.name}/ (${layer.what}) may import ${layer.may.length > 0 ? `only ${layer.may.join(', ')}` : 'nothing of ours'}; ` +
    'move the shared code down a layer (see docs/architecture.md)',
  from: { path: layer.pattern },
  to: {
    pathNot: [layer.pattern, ...layer.may.map((name) => byName.get(name).pattern), '^node_modules/'],
    dependencyTypesNot: ['core'],
  },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-tooling-imports',
      severity: 'error',
      comment: 'product code never imports test/ or scripts/; move what both need into a layer',
      from: { path: anyOf(LAYERS.map((layer) => layer.pattern)) },
      to: { path: anyOf(TOOLING.map((entry) => entry.pattern)) },
    },
    {
      name: 'folder-not-on-the-layer-map',
      severity: 'error',
      comment: 'this folder is not on the layer map: add it to LAYERS in .dependency-cruiser.cjs and to docs/architecture.md',
      from: { pathNot: [...known, '^node_modules/'] },
      to: { pathNot: '^node_modules/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'an import cycle: break it by moving the shared part into its own module (lower in the map)',
      from: { pathNot: '^node_modules/' },
      to: { circular: true },
    },
    {
      name: 'no-cdktf-below-constructs',
      severity: 'error',
      comment: 'foundation, model, capacity, policies, report and review never load cdktf or the provider bindings (they are pure, or work on synthesized JSON)',
      from: { path: anyOf(['^foundation/', '^model/', '^capacity/', '^policies/', '^report/', '^review/']) },
      to: { path: CDK_PACKAGES },
    },
    {
      name: 'no-yaml-or-zod-in-constructs',
      severity: 'error',
      comment: 'constructs take typed props and never read YAML or validate with zod; that is the model\'s job',
      from: { path: '^constructs/' },
      to: { path: '^node_modules/(yaml|zod)/' },
    },
    {
      name: 'foundation-without-packages',
      severity: 'error',
      comment: 'foundation/ is the bottom of the map: plain TypeScript and Node built-ins, no packages',
      from: { path: '^foundation/' },
      to: { path: '^node_modules/' },
    },
    {
      name: 'no-provider-package-root',
      severity: 'error',
      comment: 'import provider classes by deep path (@cdktf/provider-aws/lib/<resource>); the package root loads every binding',
      from: {},
      to: { path: '^node_modules/@cdktf/provider-aws/lib/index\\.js$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'this import resolves to no file',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    preserveSymlinks: true, // node_modules may be a link to a shared install
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdktf\\.out|dist|coverage|\\.git)/' },
    tsPreCompilationDeps: true,
    // No tsConfig on purpose: with it the resolver maps the package `constructs` onto our constructs/ folder.
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.cjs', '.json', '.d.ts'], exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
};

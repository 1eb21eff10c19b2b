// Import boundaries between the top-level folders: each rule is the "May import" line of that folder's README.
// Type-only imports are erased at build time, so only the folders that must stay pure count them too.
const PRODUCT = '^(activities|bin|campaign|cli|config|dataset|lib|local-services|providers|ratelimit|scoring|simulator|store|workers|workflows)/';
const only = (name, from, allowed, comment, opts = {}) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: PRODUCT, pathNot: `^(${[from, ...allowed].join('|')})/`, ...opts },
});
const runtimeOnly = { dependencyTypesNot: ['type-only'] };

module.exports = {
  forbidden: [
    {
      name: 'product-not-tests-or-scripts',
      comment: 'tests and scripts use the product, never the other way round',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: '^(tests|scripts)/' },
    },
    only('lib-imports-nothing', 'lib', [], 'lib/ is the bottom layer'),
    only('dataset-is-pure', 'dataset', ['lib'], 'dataset/ is pure schema, validation and reading'),
    only('config-layer', 'config', ['dataset', 'lib'], 'configs: schemas over dataset types'),
    only('scoring-is-pure', 'scoring', ['dataset', 'lib'], 'scoring/ is pure: no store, providers, Temporal or campaign'),
    only('ratelimit-layer', 'ratelimit', ['config', 'lib'], 'rate gates know profiles, not Temporal or the store'),
    only('providers-layer', 'providers', ['config', 'dataset', 'lib'], 'one provider contract, knowing nothing of campaigns'),
    only('simulator-layer', 'simulator', ['config', 'lib'], 'the fake provider speaks wire formats only'),
    only('local-services-layer', 'local-services', ['config', 'lib'], 'starts servers, knows nothing of campaigns'),
    only('store-layer', 'store', ['config', 'dataset', 'lib', 'providers', 'scoring'], 'documents and queries; never the service layer above it'),
    only('campaign-layer', 'campaign', ['config', 'dataset', 'lib', 'providers', 'ratelimit', 'scoring', 'store', 'workflows'], 'the service layer: no CLI, workers, activities, simulator or dev services'),
    only('activities-layer', 'activities', ['campaign', 'config', 'lib', 'providers', 'store'], 'thin adapters over campaign/ steps'),
    only('workers-layer', 'workers', ['activities', 'campaign', 'config', 'lib'], 'workers wire activities; workflows are loaded by path'),
    {
      name: 'workflows-deterministic',
      comment: 'workflow code runs in the deterministic sandbox: only workflow modules, pure campaign modules and categories at run time (types from anywhere)',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: PRODUCT, pathNot: '^(workflows/|campaign/(keys|progress-model|failures|retry-policy)\\.ts$|dataset/categories\\.ts$)', ...runtimeOnly },
    },
    {
      name: 'workflows-no-node-or-drivers',
      comment: 'no Node built-ins, drivers or SDKs in workflow code',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core', 'npm'], pathNot: '^node_modules/@temporalio/(workflow|common)/', ...runtimeOnly },
    },
    {
      name: 'no-circular-at-run-time',
      severity: 'error',
      from: { path: PRODUCT },
      to: { circular: true, viaOnly: runtimeOnly },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.cache|out|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};

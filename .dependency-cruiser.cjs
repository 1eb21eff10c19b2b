// Import boundaries between the top-level folders: each rule is the "May import" line of that folder's README.
// Type-only imports are erased at build time, so only the folders that must stay pure count them too.
const PRODUCT = '^(activities|bin|campaign|cli|codec|config|dataset|lib|local-services|providers|ratelimit|review|scoring|simulator|store|workers|workflows)/';
const only = (name, from, allowed, comment, opts = {}) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: PRODUCT, pathNot: `^(${[from, ...allowed].join('|')})/`, ...opts },
});
const runtimeOnly = { dependencyTypesNot: ['type-only'] };
// the packages (and Node built-ins) a folder's README names, at run time: a package is a decision of its README
const packagesOnly = (from, packages, comment) => ({
  name: `${from}-packages`,
  comment,
  severity: 'error',
  from: { path: `^${from}/` },
  to: { path: '^node_modules/', pathNot: `^node_modules/(${packages.join('|') || '$^'})/`, ...runtimeOnly },
});
const noBuiltins = (name, from, fromNot, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: `^${from}/`, ...(fromNot ? { pathNot: fromNot } : {}) },
  to: { dependencyTypes: ['core'], ...runtimeOnly },
});
// the modules of other folders that the workflow bundle contains (run in the deterministic sandbox)
const WORKFLOW_SHARED = '^(campaign/(keys|progress-model|failures|retry-policy)|dataset/categories|providers/errors)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'product-not-tests-or-scripts',
      comment: 'tests and scripts use the product, never the other way round',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: '^(tests|scripts)/' },
    },
    {
      name: 'scripts-not-tests',
      comment: 'scripts drive the product; test helpers stay with the tests',
      severity: 'error',
      from: { path: '^scripts/' },
      to: { path: '^tests/' },
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
    only('codec-layer', 'codec', ['config', 'lib'], 'payload encryption: keys from config/, the cipher from lib/'),
    only('campaign-layer', 'campaign', ['codec', 'config', 'dataset', 'lib', 'providers', 'ratelimit', 'scoring', 'store', 'workflows'], 'the service layer: no CLI, workers, activities, simulator or dev services'),
    only('activities-layer', 'activities', ['campaign', 'config', 'lib', 'providers', 'store'], 'thin adapters over campaign/ steps'),
    only('review-layer', 'review', ['campaign', 'lib', 'scoring', 'store'], 'HTTP over the service layer (and scoring\'s pure filters and number formats)'),
    only('workers-layer', 'workers', ['activities', 'campaign', 'codec', 'config', 'lib'], 'workers wire activities; workflows are loaded by path'),
    packagesOnly('lib', ['json5'], 'lib/: Node built-ins and json5'),
    packagesOnly('dataset', ['zod', 'json5'], 'dataset/: zod and json5'),
    noBuiltins('dataset-io-in-two-files', 'dataset', '^dataset/(read-json|validate-file)\\.ts$', 'validation is pure; only read-json.ts and validate-file.ts touch the file system'),
    packagesOnly('config', ['zod', 'yaml'], 'config/: zod, yaml, Node built-ins'),
    packagesOnly('scoring', ['json5', 'yaml', 'vega', 'vega-lite'], 'scoring/: no driver, SDK or Temporal'),
    noBuiltins('scoring-io-in-template-loader', 'scoring', '^scoring/template-loader\\.ts$', 'template-loader.ts is the only file reading in scoring/'),
    packagesOnly('ratelimit', [], 'rate gates are pure (an injected clock)'),
    noBuiltins('ratelimit-is-pure', 'ratelimit', null, 'rate gates are pure: no sleeping, no I/O'),
    packagesOnly('providers', ['openai', '@anthropic-ai/sdk', 'zod', 'yaml'], 'providers/: the SDKs and schema libraries'),
    packagesOnly('simulator', ['zod', 'yaml'], 'the simulator is plain node:http'),
    packagesOnly('local-services', ['@temporalio/client', 'mongodb'], 'readiness checks only'),
    packagesOnly('store', ['mongodb', 'json5'], 'store/: the MongoDB driver'),
    packagesOnly('codec', ['@temporalio/proto', '@temporalio/common'], 'codec/: the Payload proto and the failure converter; the HTTP server is node:http'),
    packagesOnly('campaign', ['@temporalio/client', '@temporalio/proto', 'mongodb'], 'the service layer is a Temporal client over MongoDB'),
    packagesOnly('activities', ['@temporalio/activity', '@temporalio/common'], 'activities reach MongoDB and providers through store/ and campaign/'),
    packagesOnly('review', ['fastify', '@fastify/cookie', '@fastify/formbody'], 'review/: the HTTP server'),
    packagesOnly('workers', ['@temporalio/worker', '@temporalio/client'], 'workers/: the Temporal worker'),
    packagesOnly('cli', ['commander', 'cli-progress'], 'the CLI reaches Temporal and MongoDB through campaign/ (and the folders below it)'),
    packagesOnly('bin', ['tsx'], 'bin/ runs dist/ or the sources through tsx'),
    {
      name: 'cli-not-bin',
      comment: 'bin/ runs the CLI, not the other way round',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^bin/' },
    },
    only('bin-layer', 'bin', ['cli'], 'bin/medeval.js chooses how to run the CLI, nothing else'),
    {
      name: 'campaign-workflow-definitions-only',
      comment: 'campaign/ takes workflow messages and search attributes at run time, never workflow code (types are fine)',
      severity: 'error',
      from: { path: '^campaign/' },
      to: { path: '^workflows/', pathNot: '^workflows/(messages|review-messages|search-attributes)\\.ts$', ...runtimeOnly },
    },
    {
      name: 'workflows-deterministic',
      comment: 'workflow code runs in the deterministic sandbox: at run time only workflow modules and WORKFLOW_SHARED (types: workflows-types-from-below)',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: PRODUCT, pathNot: `^workflows/|${WORKFLOW_SHARED}`, ...runtimeOnly },
    },
    {
      name: 'workflow-shared-stay-pure',
      comment: 'what the workflow bundle takes from other folders imports, at run time, only more of the same (so the rule above holds transitively)',
      severity: 'error',
      from: { path: WORKFLOW_SHARED },
      to: { pathNot: WORKFLOW_SHARED, ...runtimeOnly },
    },
    {
      name: 'workflows-types-from-below',
      comment: 'workflow types come from the layers the workflows drive, never from cli, bin, workers, the simulator or dev services',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^(cli|bin|workers|simulator|local-services)/' },
    },
    {
      name: 'workflows-no-node-or-drivers',
      comment: 'no Node built-ins, drivers or SDKs in workflow code',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['core', 'npm'], pathNot: '(^|/)node_modules/@temporalio/(workflow|common)/', ...runtimeOnly },
    },
    {
      name: 'no-circular-at-run-time',
      comment:
        'folder cycles are ruled out by the layer rules above (each folder imports only folders below it) except the one Temporal needs: ' +
        'campaign/ starts workflows by their message definitions, workflows/ use campaign/\'s pure modules and activity types. ' +
        'Within a folder, modules may not import each other in a circle at run time.',
      severity: 'error',
      from: { path: PRODUCT },
      to: { circular: true, viaOnly: runtimeOnly },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|\\.cache|out|coverage)/' }, // node_modules is not followed, but kept: npm imports are checked
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};

// Lint: type-aware checks everywhere (no floating promises), and for workflow code the rules that keep it
// deterministic: no Node built-ins, no process or network, no randomness or timers outside @temporalio/workflow.
// (Date is allowed: the workflow sandbox makes it the workflow task's time.)
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'events', 'stream', 'timers', 'worker_threads', 'process', 'buffer'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'out/**', 'coverage/**', '.medeval/**', 'scripts/ferretdb/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js', '.dependency-cruiser.cjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // `_`-prefixed names are deliberately unused (destructuring a field away)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', module: 'writable', require: 'readonly', console: 'readonly' } },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', ...NODE_BUILTINS], message: 'workflow code runs in a deterministic sandbox: no Node built-ins' }] }],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'process', 'fetch'].map((name) => ({ name, message: 'not deterministic in a workflow: use @temporalio/workflow (sleep, condition, activities)' })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'no randomness in workflows (use workflow uuid4 or pass it in)' },
        { object: 'crypto', property: 'randomUUID', message: 'use uuid4 from @temporalio/workflow' },
      ],
    },
  },
);

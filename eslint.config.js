// Lint: type-aware checks everywhere (no floating promises), and for workflow code the rules that keep it
// deterministic: no Node built-ins, no process or network, no clock, randomness or timers outside @temporalio/workflow.
// Baseline: the recommended sets of ESLint and typescript-eslint (not the type-checked or stylistic ones, which would
// rewrite the tree for no boundary gain), plus the type-aware promise rules below.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IN_WORKFLOW = 'workflow code runs in a deterministic sandbox';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.cache/**', 'out/**', 'coverage/**', '.medeval/**', 'scripts/ferretdb/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*.js', '.dependency-cruiser.cjs', 'review/static/*.js', 'codec/*.cjs', 'scripts/bench/*.mjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      // `_`-prefixed names are deliberately unused (destructuring a field away)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // the reviewer pages' script runs in the browser
    files: ['review/static/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly', alert: 'readonly', HTMLTextAreaElement: 'readonly', HTMLInputElement: 'readonly' } },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', module: 'writable', require: 'readonly', console: 'readonly', setInterval: 'readonly' } },
  },
  {
    // workflow code and the modules the workflow bundle takes from other folders (see .dependency-cruiser.cjs)
    files: ['workflows/**/*.ts', 'campaign/{keys,progress-model,failures,retry-policy}.ts', 'dataset/categories.ts', 'providers/errors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: `${IN_WORKFLOW}: no Node built-ins` })),
          patterns: [{ group: ['node:*'], message: `${IN_WORKFLOW}: no Node built-ins` }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'process', 'fetch'].map((name) => ({ name, message: 'not deterministic in a workflow: use @temporalio/workflow (sleep, condition, activities)' })),
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'no randomness in workflows (use workflow uuid4 or pass it in)' },
        { object: 'crypto', property: 'randomUUID', message: 'use uuid4 from @temporalio/workflow' },
        // the sandbox's Date is the workflow task's time (replay-safe), but a clock read is still a decision: say why
        { object: 'Date', property: 'now', message: `${IN_WORKFLOW}: a clock read needs a reason (eslint-disable-next-line with it)` },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `${IN_WORKFLOW}: new Date() reads the clock; pass a time in` },
      ],
    },
  },
);

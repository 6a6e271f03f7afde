// ESLint for the whole repository (flat config): ESLint's and typescript-eslint's recommended rules,
// run by `npm test` through `npm run lint`. Exceptions are scoped to the files that need them, each
// with its reason; an `eslint-disable` comment that no longer suppresses anything is an error.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node's CommonJS globals, for the plain JavaScript files (launcher, bench, tool configs). */
const NODE_GLOBALS = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  process: 'readonly',
  console: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
};

export default defineConfig(
  { ignores: ['node_modules/', 'cdktf.out/', 'dist/', 'coverage/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { dropped: _x, ...rest } = value` is how this code base leaves a field out of a copy;
      // tsc's noUnusedLocals already checks everything else.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Plain CommonJS: `require` is the only way to import.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: NODE_GLOBALS },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: NODE_GLOBALS },
  },
  {
    // The entry points load commands, cdktf and the reports on first use (synchronously: `import()`
    // would make every command async).
    files: ['cli/**/*.ts', 'main.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

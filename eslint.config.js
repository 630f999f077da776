// Flat config: ESLint's and typescript-eslint's recommended rules, without type information (fast).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'node_modules/',
    'dist/',
    'data/',
    'public/vendor/',
    'drizzle/',
    'test-artifacts/',
    '.wrangler/',
    'tests/.cache/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // Some code uses `any` on purpose (driver and adapter seams); tsc's strict mode covers the rest.
      '@typescript-eslint/no-explicit-any': 'off',
      // Unused variables, imports and caught errors are errors unless named _x. Unused function
      // parameters are not checked (handler and callback signatures often keep them for readability).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'none', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // A dead store (a value overwritten before it is read) is worth seeing but is not a bug.
      'no-useless-assignment': 'warn',
      // TypeScript itself reports undefined names (and knows the DOM, Node and Workers globals).
      'no-undef': 'off',
    },
  },
);

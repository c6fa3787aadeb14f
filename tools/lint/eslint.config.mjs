// typescript-eslint's recommended rules without type information (fast, no tsconfig needed), plus the
// conventions the code already keeps. Layout is prettier's job, so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinGlobals } from './node-globals.mjs';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'fixtures/**', 'docs/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: builtinGlobals },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `interface X extends Y {}` is how a module augments another's interface (fastify's route config).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Terminal output is checked and stripped for ANSI escapes, which start with a control character.
      'no-control-regex': 'off',
    },
  },
  {
    // CommonJS: the CLI's entry (the cli package is CommonJS, which starts faster), its copies in the other distributions, and .cjs files.
    files: ['cli/bin/**/*.js', 'distributions/*/bin/**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        ...builtinGlobals,
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read JSON answers loosely; the code under test checks shapes at its boundaries.
    files: ['**/test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

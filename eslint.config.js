// ESLint with the TypeScript rules, over the extension, the playground and the TypeScript tests
// (run by `cargo xtask test`). Beyond the recommended sets, it enforces the invariants of the
// code that runs beside the user's words: no HTML parsing of strings, no eval.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noHtmlFromStrings = [
  { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'Build DOM with el()/textContent: never parse a string as HTML.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Build DOM with el()/textContent: never parse a string as HTML.' },
  { selector: "CallExpression[callee.property.name=/^(write|writeln)$/][callee.object.name='document']", message: 'No document.write.' },
  { selector: "NewExpression[callee.name='Function']", message: 'No code from strings.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'target/**', 'node_modules/**', 'tests/e2e/test-results/**', 'fuzz/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['extension/src/**/*.ts', 'www/src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', ...noHtmlFromStrings] },
  },
);

// @ts-check
// Lint for the library, the demo and the bench app: typescript-eslint's and angular-eslint's
// recommended rules for TypeScript, and angular-eslint's template rules for the HTML templates
// (inline templates included, through processInlineTemplates). `npm run lint` runs it with
// --max-warnings=0; Prettier owns the formatting, so no stylistic rules here.
const eslint = require('@eslint/js');
const tseslint = require('typescript-eslint');
const angular = require('angular-eslint');

module.exports = tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.angular/**', 'tools/consumers/**'],
  },
  {
    files: ['projects/**/*.ts', 'bench/**/*.ts'],
    extends: [
      eslint.configs.recommended,
      ...tseslint.configs.recommended,
      ...tseslint.configs.stylistic,
      ...angular.configs.tsRecommended,
    ],
    processor: angular.processInlineTemplates,
    rules: {
      // `const { dropped: _, ...rest } = obj` is how the code leaves a property out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['projects/**/*.html', 'bench/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);

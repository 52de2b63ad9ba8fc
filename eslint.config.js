// @ts-check
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** I/O that nothing under src/domain/ may import: the rules there are pure. */
const DOMAIN_FORBIDDEN_IMPORTS = [
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'pg',
  'kysely',
  '@electric-sql/pglite',
  'fastify',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-output/', 'coverage/'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // No import cycles anywhere in the TypeScript sources.
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // At most 400 real lines (blank lines and comments count) per non-test file under src/,
    // and at most four positional parameters per function: more go in a named object.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      '@typescript-eslint/max-params': ['error', { max: 4 }],
    },
  },
  {
    // The domain is pure: no file system, network, database or web framework, no feature code.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DOMAIN_FORBIDDEN_IMPORTS.map((name) => ({
            name,
            message: 'src/domain/ is pure: do the I/O in src/features/ or src/access/.',
          })),
          patterns: [
            {
              group: [
                '**/features/*',
                '**/features/**',
                '**/db/*',
                '**/db/**',
                '**/web/*',
                '**/web/**',
              ],
              message: 'src/domain/ imports nothing from features, db or web.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'src/web/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);

// Type-aware lint (typescript-eslint, `npm run lint`): the type checker's view of the code catches
// what tsc allows, such as a promise nobody awaits or an `any` that leaks through a cast.
import eslint from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  { ignores: ['dist/', 'data/', 'coverage/', '.tap/'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    // A disable comment that no longer disables anything is itself a finding.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Fastify plugins, hooks and handlers, and tap's test bodies, are async by contract: the
      // framework waits on the promise whether or not the body awaits anything.
      '@typescript-eslint/require-await': 'off',
      // tap tracks the promise that t.test() returns; any other promise must be awaited or handled.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafePromises: [{ from: 'package', name: 'PromiseWithSubtest', package: '@tapjs/core' }] },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `{ id: _id, ...rest }` leaves a field out of a copy; a leading underscore marks it unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  // Migrations are frozen and typed Kysely<any>: they must not follow the schema's types of today.
  { files: ['migrations/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Plain JavaScript (this file, .ci's scripts) is outside the TypeScript project and runs on Node.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', fetch: 'readonly', setTimeout: 'readonly' } },
  },
  // The console's ES modules run in the browser, not on Node: the browser's globals, none of Node's.
  {
    files: ['src/console/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries(
        ['window', 'document', 'sessionStorage', 'fetch', 'URL', 'FormData', 'Node', 'atob', 'TextDecoder', 'crypto'].map((name) => [name, 'readonly']),
      ),
    },
  },
)

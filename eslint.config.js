// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Modules that do I/O. The pure core (normalisation, rules, decisions, rendering) must not import them,
// so it stays fast to test and impossible to couple to Redis, HTTP or the file system by accident.
const ioModules = [
  'node:fs',
  'node:fs/promises',
  'fs',
  'fs/promises',
  'node:http',
  'node:https',
  'http',
  'https',
  'node:net',
  'node:child_process',
  'ioredis',
  'bullmq',
  'fastify',
  'telegraf',
  'vk-io',
  'pino',
  'better-sqlite3',
  'pg',
  'kysely',
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Observer hooks are async by contract even when an implementation has nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Card and message rendering of the Telegram bot is pure as well (unit-tested without a bot).
    files: ['core/**/*.ts', 'bot/view/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({
            name,
            message: 'core/ and bot/view/ are pure: no I/O imports.',
          })),
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'emulators/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);

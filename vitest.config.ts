import { defineConfig } from 'vitest/config';

// Integration tests share one real Redis and spawn child processes, so they run one file at a time;
// each test still uses its own queue prefix so a leftover key can never leak into another test.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

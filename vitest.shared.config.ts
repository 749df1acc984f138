import { defineConfig } from 'vitest/config';

/** Checks against the third-party samples in $SHARED_DIR (default ../shared): `npm run test:shared`. */
export default defineConfig({
  resolve: {
    // Same graphql fix as vitest.config.ts: one copy of graphql for Node and Vite.
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['test/shared/**/*.test.ts'],
    globalSetup: [],
    testTimeout: 30_000,
    pool: 'forks',
  },
});

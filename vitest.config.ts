import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 has no exports map: Node loads the CJS build, Vite would load index.mjs.
    // Two copies of graphql break type-graphql ("from another module or realm").
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Checks against third-party data run separately: npm run test:shared -- <folder>
    exclude: ['test/shared/**', 'node_modules/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker: files ran one after another while most of them
    // wait on PostgreSQL, child processes or timers. Files are independent (own database, ports, stores).
    maxWorkers: 2,
    // expect.poll waits for a condition (a page that renders, a counter that moves): its default of
    // one second is a timing assumption a loaded machine breaks. Passing tests do not wait longer.
    expect: { poll: { timeout: 15_000 } },
  },
});

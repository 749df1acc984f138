import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * Store-free tests only, without the global setup that starts PostgreSQL and FerretDB:
 * `npx vitest run --config vitest.unit.config.ts test/<folder>`. (mergeConfig would append to
 * globalSetup rather than replace it, hence the explicit copy.)
 */
export default defineConfig({
  resolve: base.resolve,
  test: { ...base.test, globalSetup: [] },
});

import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { unitTestFiles } from './test/unit-files.js';
import base from './vitest.config.js';

const missing = unitTestFiles.filter((file) => !existsSync(file));
if (missing.length > 0) throw new Error(`test/unit-files.ts lists files that do not exist: ${missing.join(', ')}`);

/**
 * `npm run test:unit`: the store-free test files listed in test/unit-files.ts, without the global
 * setup that starts PostgreSQL and FerretDB. (mergeConfig would append to globalSetup rather than
 * replace it, hence the explicit copy.)
 */
export default defineConfig({
  resolve: base.resolve,
  // One module graph per worker (isolate: false): these files share no state, and it halves the CPU time.
  test: { ...base.test, include: [...unitTestFiles], globalSetup: [], isolate: false },
});

import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/** Store-free tests only (no global setup): `npx vitest run --config vitest.unit.config.ts test/<folder>`. */
export default mergeConfig(base, defineConfig({ test: { globalSetup: [] } }), );

import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/app-error.js';

/** Every problem loadConfig reports for `env`; fails when the configuration is valid. */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

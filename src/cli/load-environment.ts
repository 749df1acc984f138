import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Loads ./.env when present. Variables already set in the environment win. */
export function loadDotEnv(): void {
  const file = resolve('.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

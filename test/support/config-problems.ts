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

/** A complete, valid production environment. */
export const productionEnv = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://db/x',
  MONGODB_URL: 'mongodb://m/x',
  GEOIP_CITY_DB: '/srv/geoip/GeoIP2-City.mmdb',
  CORS_ORIGINS: 'https://app.example.com',
  JWT_SECRET: 'k3J9x!vQ2pL7zR4wT8yB1nM6cF0hG5sD',
};

import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledGeoipCityDb } from '../../src/config/config.js';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { createTestDatabase, testMongoUrl, type TestDatabase } from '../support/stores.js';

describe('dmarc-analytics CLI', () => {
  it('has --help for the program and every command', async () => {
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/serve/);
    expect(main.stdout).toMatch(/migrate/);
    for (const command of ['serve', 'migrate']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: dmarc-analytics ${command}`);
    }
  });

  it('reports an unexpected error in one line with its error id, the trace in a file, never a stack trace', async () => {
    // A database nothing planned for: a table of the first migration is there, the migrations' record is not.
    const database = await createTestDatabase({ migrated: false });
    try {
      await database.query('CREATE TABLE analytics_cache (kept int)');
      const envs: Record<string, string>[] = [{ DATABASE_URL: database.url, NODE_ENV: 'test' }, { DATABASE_URL: database.url, NODE_ENV: 'test', LOG_FORMAT: 'pretty' }];
      for (const env of envs) {
        const result = await runCli(['migrate'], env);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        const line = /^dmarc-analytics: unexpected error: .*"analytics_cache" already exists.* \(error id ([0-9a-f-]{36}); full trace in (\S+)\)$/m.exec(result.stderr);
        expect(line, result.stderr).not.toBeNull();
        expect(result.stderr).not.toMatch(/^\s+at /m);
        const trace = readFileSync(line![2]!, 'utf8');
        expect(trace).toContain(`error id ${line![1]}`);
        expect(trace).toMatch(/^\s+at /m);
        rmSync(line![2]!);
      }
    } finally {
      await database.drop();
    }
  });

  it('rejects an unknown command with usage help and a non-zero exit', async () => {
    const result = await runCli(['serv']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command 'serv'/);
    expect(result.stderr).toMatch(/Did you mean serve\?/);
  });
});

/** The production settings these tests are not about. */
const productionSecrets = { CORS_ORIGINS: 'https://app.example.com', JWT_SECRET: 'k3J9x!vQ2pL7zR4wT8yB1nM6cF0hG5sD' };
/** Long enough for the production secret checks. */
const strongDbPassword = 'q8Vn2LxR7tKp4WzE9mYc3HsB6dFj1GaU';

describe('production start-up checks', () => {
  it('refuses to start without DATABASE_URL, MONGODB_URL and GEOIP_CITY_DB, naming each (exit 78)', async () => {
    const result = await runCli(['serve'], { NODE_ENV: 'production' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('DATABASE_URL: required in production');
    expect(result.stderr).toContain('MONGODB_URL: required in production');
    expect(result.stderr).toContain('GEOIP_CITY_DB: required in production');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('fails fast when the stores are unreachable and the GeoIP file is missing, naming each (exit 69)', async () => {
    const [pgPort, mongoPort] = [await freePort(), await freePort()];
    const result = await runCli(['serve'], {
      NODE_ENV: 'production',
      DATABASE_URL: `postgresql://app:${strongDbPassword}@127.0.0.1:${pgPort}/dmarc`,
      MONGODB_URL: `mongodb://127.0.0.1:${mongoPort}/dmarc`,
      GEOIP_CITY_DB: '/nonexistent/GeoIP2-City.mmdb',
      ...productionSecrets,
      STARTUP_TIMEOUT_MS: '2000',
    });
    expect(result.code).toBe(69);
    expect(result.stderr).toMatch(/PostgreSQL: cannot reach 127\.0\.0\.1:\d+\/dmarc/);
    expect(result.stderr).toMatch(/MongoDB: cannot reach 127\.0\.0\.1:\d+/);
    expect(result.stderr).toContain('GeoIP: database file not found or unreadable: /nonexistent/GeoIP2-City.mmdb');
    expect(result.stderr).not.toContain(strongDbPassword);
    expect(result.ms).toBeLessThan(15_000);
  });

  describe('with reachable stores', () => {
    let database: TestDatabase;
    let dir: string;
    const env = () => ({ NODE_ENV: 'production', DATABASE_URL: database.url, MONGODB_URL: testMongoUrl(), STARTUP_TIMEOUT_MS: '5000', ...productionSecrets });
    beforeAll(async () => {
      database = await createTestDatabase();
      dir = mkdtempSync(join(tmpdir(), 'dmarc-geoip-'));
    });
    afterAll(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses a GeoIP file that is too old', async () => {
      const stale = join(dir, 'GeoLite2-City.mmdb');
      symlinkSync(bundledGeoipCityDb, stale);
      const result = await runCli(['serve'], { ...env(), GEOIP_CITY_DB: stale });
      expect(result.code).toBe(69);
      expect(result.stderr).toMatch(/GeoIP: database built 2019-12-24 is \d+ days old \(GEOIP_MAX_AGE_DAYS=35\); run geoipupdate/);
    });

    it('refuses a GeoIP database that is not a City database', async () => {
      const result = await runCli(['serve'], { ...env(), GEOIP_CITY_DB: bundledGeoipCityDb.replace('City', 'Country') });
      expect(result.code).toBe(69);
      expect(result.stderr).toMatch(/is a GeoLite2-Country database; maps need a City database/);
    });
  });
});

describe('check-config', () => {
  it('prints every production problem and exits 78', async () => {
    const result = await runCli(['check-config'], { NODE_ENV: 'production', CORS_ORIGINS: '*', JWT_SECRET: 'changeme', LOG_LEVEL: 'debug' });
    expect(result.code).toBe(78);
    for (const problem of [
      'DATABASE_URL: required in production',
      'MONGODB_URL: required in production',
      'GEOIP_CITY_DB: required in production',
      'CORS_ORIGINS: wildcards are not allowed in production',
      'JWT_SECRET',
      'LOG_LEVEL: debug is not allowed in production',
    ]) {
      expect(result.stderr).toContain(problem);
    }
  });

  it('names every weak secret, including passwords inside URLs, without printing them', async () => {
    const result = await runCli(['check-config'], {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://dmarc:postgres@db.internal/dmarc',
      MONGODB_URL: 'mongodb://dmarc:Mongo-Pass-2024@mongo.internal/dmarc',
      REDIS_URL: 'redis://:changeme@redis.internal:6379',
      GEOIP_CITY_DB: '/srv/geoip/GeoIP2-City.mmdb',
      ...productionSecrets,
      JWT_SECRET: 'short-jwt-secret',
    });
    expect(result.code).toBe(78);
    for (const problem of [
      'JWT_SECRET: must be at least 32 characters in production',
      'DATABASE_URL: the password is a well-known placeholder',
      'MONGODB_URL: the password must be at least 32 characters in production',
      'REDIS_URL: the password is a well-known placeholder',
    ]) {
      expect(result.stderr).toContain(problem);
    }
    for (const secret of ['short-jwt-secret', 'Mongo-Pass-2024', ':postgres@', ':changeme@']) expect(result.stderr).not.toContain(secret);
  });

  it('refuses CORS_ORIGINS=null and a JWT_SECRET of 36 identical characters (exit 78)', async () => {
    const result = await runCli(['check-config'], {
      NODE_ENV: 'production',
      DATABASE_URL: `postgresql://app:${strongDbPassword}@db.internal/dmarc`,
      MONGODB_URL: 'mongodb://mongo.internal/dmarc',
      GEOIP_CITY_DB: '/srv/geoip/GeoIP2-City.mmdb',
      CORS_ORIGINS: 'null',
      JWT_SECRET: 'a'.repeat(36),
    });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('CORS_ORIGINS: "null" is not allowed in production');
    expect(result.stderr).toContain('JWT_SECRET: is not random enough');
    expect(result.stderr).not.toContain('a'.repeat(36));
  });

  it('refuses what serve refuses: a job setting naming no job, with the same message and exit 78', async () => {
    const env = { JOB_DETECT_ANOMALIES_CRON: 'off', PORT: '0', EMBEDDED_PG_DIR: '/nonexistent/never-started' };
    const [checked, served] = await Promise.all([runCli(['check-config'], env), runCli(['serve'], env)]);
    const problem = 'JOB_DETECT_ANOMALIES_CRON: there is no job "detect-anomalies" (jobs: train-anomaly-model-weekly, detect-anomalies-daily,';
    for (const result of [checked, served]) {
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(problem);
    }
    expect(checked.stdout).not.toContain('configuration OK');
  });

  it('says OK, without secrets, for a valid configuration', async () => {
    const result = await runCli(['check-config'], {
      NODE_ENV: 'production',
      DATABASE_URL: `postgresql://app:${strongDbPassword}@db.internal/dmarc`,
      MONGODB_URL: 'mongodb://mongo.internal/dmarc',
      GEOIP_CITY_DB: '/srv/geoip/GeoIP2-City.mmdb',
      ...productionSecrets,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('configuration OK (production)');
    expect(result.stdout).not.toContain(strongDbPassword);
    expect(result.stdout).not.toContain(productionSecrets.JWT_SECRET);
  });
});

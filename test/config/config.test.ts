import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledGeoipCityDb, loadConfig } from '../../src/config/config.js';
import { projectRoot } from '../../src/paths.js';
import { problemsOf, productionEnv } from '../support/config-problems.js';



describe('configuration', () => {
  it('runs on development defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 4000, corsOrigins: ['http://localhost:*', 'http://127.0.0.1:*'], trustProxy: { kind: 'off' } });
    expect(config.graphql).toMatchObject({ introspection: true, ide: true, bodyLimitBytes: 102_400 });
    expect(config.database.url).toBeUndefined();
    expect(config.database.migrateOnStart).toBe(true);
    expect(config.database.embedded.port).toBe(54329);
    expect(config.database.embedded.dataDir).toMatch(/data\/postgres$/);
    expect(config.mongo.url).toBeUndefined();
    expect(config.geoip).toMatchObject({ cityDbPath: bundledGeoipCityDb, isBundledDevelopmentDb: true });
  });

  it('lists every invalid setting at once, not just the first', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', MONGODB_URL: 'http://x', SHUTDOWN_TIMEOUT_MS: '-5', MIGRATE_ON_START: 'maybe' });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/PORT: must be an integer from 0 to 65535/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL: must be a postgres/);
    expect(problems.join('\n')).toMatch(/MONGODB_URL: must be a mongodb/);
    expect(problems.join('\n')).toMatch(/SHUTDOWN_TIMEOUT_MS: must be an integer >= 1/);
    expect(problems.join('\n')).toMatch(/MIGRATE_ON_START: must be true or false/);
  });

  it('reads DNS_SERVERS as the system resolvers, none, or a list of address:port', () => {
    expect(loadConfig({}).dns).toEqual({ servers: { kind: 'system' }, timeoutMs: 2_000, concurrency: 64 });
    expect(loadConfig({ DNS_SERVERS: 'none' }).dns.servers).toEqual({ kind: 'none' });
    expect(loadConfig({ DNS_SERVERS: ' 127.0.0.1:5353, [::1]:53 ,9.9.9.9' }).dns.servers).toEqual({
      kind: 'list',
      servers: ['127.0.0.1:5353', '[::1]:53', '9.9.9.9:53'],
    });
    const problems = problemsOf({ DNS_SERVERS: 'dns.example.com:53', DNS_TIMEOUT_MS: '10', DNS_CONCURRENCY: '0' });
    expect(problems).toEqual([
      'DNS_TIMEOUT_MS: must be an integer from 50 to 60000',
      'DNS_CONCURRENCY: must be an integer from 1 to 1000',
    ]);
    expect(problemsOf({ DNS_SERVERS: 'dns.example.com:53' })).toEqual([
      'DNS_SERVERS: "dns.example.com:53" is not an IP address with an optional port (e.g. 127.0.0.1:5353, [::1]:53)',
    ]);
    expect(problemsOf({ DNS_SERVERS: '127.0.0.1:70000' })).toHaveLength(1);
  });

  it('treats empty values from a .env file as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', MONGODB_URL: '' }).database.url).toBeUndefined();
  });

  it('requires real stores and a current GeoIP file in production, naming each', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL: required in production/),
        expect.stringMatching(/^MONGODB_URL: required in production/),
        expect.stringMatching(/^GEOIP_CITY_DB: required in production/),
        expect.stringMatching(/^CORS_ORIGINS: required in production/),
      ]),
    );
    expect(problemsOf({ NODE_ENV: 'production', GEOIP_CITY_DB: bundledGeoipCityDb })).toContainEqual(
      expect.stringMatching(/GEOIP_CITY_DB: the bundled development database dates from 2019/),
    );
  });

  describe('secrets in production', () => {
    const strong = 'Zr4Tq9Lw2Xv7Nc5Bh8Kj3Md6Pf1Gs0Ya';
    const problemsWith = (env: Record<string, string>) => problemsOf({ ...productionEnv, ...env, NODE_ENV: 'production' });

    it('refuses a short or placeholder password in DATABASE_URL, MONGODB_URL and REDIS_URL, naming the setting and not the password', () => {
      const problems = problemsWith({
        DATABASE_URL: 'postgresql://dmarc:postgres@db.internal:5432/dmarc',
        MONGODB_URL: 'mongodb://dmarc:Tr0ub4dor-3@mongo1:27017,mongo2:27017/dmarc?replicaSet=rs0',
        REDIS_URL: 'rediss://default:change-me-to-a-long-random-string-please@redis.internal:6380',
      });
      expect(problems).toEqual([
        'DATABASE_URL: the password is a well-known placeholder; use a random secret',
        'MONGODB_URL: the password must be at least 32 characters in production',
        'REDIS_URL: the password is a well-known placeholder; use a random secret',
      ]);
      expect(problems.join('\n')).not.toMatch(/postgres@|Tr0ub4dor|change-me-to/);
    });

    it('accepts strong passwords, percent-encoded ones, and URLs without a password', () => {
      expect(() =>
        loadConfig({
          ...productionEnv,
          DATABASE_URL: `postgresql://dmarc:${encodeURIComponent(`${strong}/+=`)}@db.internal/dmarc`,
          MONGODB_URL: `mongodb+srv://dmarc:${strong}@cluster0.example.net/dmarc`,
          REDIS_URL: 'rediss://redis.internal:6380',
        }),
      ).not.toThrow();
      // "%41" decodes to one character: 31 after decoding is too short.
      expect(problemsWith({ DATABASE_URL: `postgresql://dmarc:%41${strong.slice(0, 30)}@db/x` })).toEqual([
        'DATABASE_URL: the password must be at least 32 characters in production',
      ]);
      expect(problemsWith({ REDIS_URL: 'redis://:@redis.internal' })).toEqual(['REDIS_URL: the password must be at least 32 characters in production']);
    });

    it('checks only in production', () => {
      expect(() => loadConfig({ DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1/dmarc', JWT_SECRET: 'dev' })).not.toThrow();
    });

    it('covers every setting that can hold a secret', () => {
      // A new *_SECRET, *_KEY, *_PASSWORD, *_TOKEN or *_URL setting in .env.example must be
      // checked too: a weak value for it has to be refused by name.
      const weakValues: Record<string, string> = {
        DATABASE_URL: 'postgresql://u:weak@db/x',
        MONGODB_URL: 'mongodb://u:weak@m/x',
        REDIS_URL: 'redis://:weak@r',
        IMAP_URL: 'imaps://reports:weak@mail.example.com',
      };
      const names = [...readFileSync(join(projectRoot, '.env.example'), 'utf8').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]!);
      const secretNames = names.filter((name) => /SECRET|PASSWORD|TOKEN|_KEY$|_URL$/.test(name));
      expect(secretNames).toEqual(expect.arrayContaining(['JWT_SECRET', 'DATABASE_URL', 'MONGODB_URL', 'REDIS_URL']));
      for (const name of secretNames) {
        const weak = weakValues[name] ?? 'weak';
        expect(problemsWith({ [name]: weak }), name).toContainEqual(expect.stringMatching(new RegExp(`^${name}: `)));
      }
    });
  });

  it('refuses CORS_ORIGINS "null" and anything that is not an http(s) origin in production', () => {
    expect(problemsOf({ ...productionEnv, CORS_ORIGINS: 'https://app.example.com,null' })).toEqual([
      'CORS_ORIGINS: "null" is not allowed in production (any sandboxed page sends it); list each origin',
    ]);
    expect(problemsOf({ ...productionEnv, CORS_ORIGINS: 'https://app.example.com/dashboard,ftp://files.example.com' })).toEqual([
      'CORS_ORIGINS: not an http(s) origin (scheme://host[:port], nothing after): https://app.example.com/dashboard, ftp://files.example.com',
    ]);
    expect(() => loadConfig({ ...productionEnv, CORS_ORIGINS: 'https://app.example.com, http://localhost:8080' })).not.toThrow();
  });

  it('refuses long secrets that are not random: one character repeated, a pattern repeated, few distinct characters', () => {
    const weak = ['x'.repeat(36), 'abc123'.repeat(6), 'abababababababab0101010101010101'];
    for (const secret of weak) {
      expect(problemsOf({ ...productionEnv, JWT_SECRET: secret }), secret).toEqual([
        'JWT_SECRET: is not random enough (repeated or too few distinct characters); use a random secret',
      ]);
    }
    expect(problemsOf({ ...productionEnv, DATABASE_URL: `postgres://app:${'7'.repeat(40)}@db/x` })).toEqual([
      'DATABASE_URL: the password is not random enough (repeated or too few distinct characters); use a random secret',
    ]);
    // What generators produce passes: 32 hex digits, base64 of 24 bytes.
    for (const secret of ['9f86d081884c7d659a2feaa0c55ad015', 'u4Q1mK9zXo2bPq7Lr0sT3vW8yA5cE6dG']) {
      expect(() => loadConfig({ ...productionEnv, JWT_SECRET: secret })).not.toThrow();
    }
  });

  it('reads TRUST_PROXY: off by default, proxies by address or block, or a hop count; never "true"', () => {
    expect(loadConfig({}).http.trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toEqual({ kind: 'off' });
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.5 , 10.1.0.0/16,2001:DB8::/32, loopback' }).http.trustProxy).toEqual({
      kind: 'addresses',
      entries: ['10.0.0.5', '10.1.0.0/16', '2001:db8::/32', 'loopback'],
    });
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(problemsOf({ TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY: "true" would believe the address any client writes/)]);
    expect(problemsOf({ TRUST_PROXY: '11' })).toEqual(['TRUST_PROXY: a hop count must be from 1 to 10, got 11']);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.5, fe80::1%eth0, 10.0.0.0/33, nginx' })).toEqual([
      'TRUST_PROXY: not an address, a CIDR block, loopback, linklocal or uniquelocal: fe80::1%eth0, 10.0.0.0/33, nginx (or give a hop count, or false)',
    ]);
  });

  it('refuses a CORS wildcard in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com,*' })).toContainEqual(
      'CORS_ORIGINS: wildcards are not allowed in production; list each origin',
    );
  });

  it('turns introspection and the IDE off in production unless enabled', () => {
    const config = loadConfig(productionEnv);
    expect(config.graphql).toMatchObject({ introspection: false, ide: false });
    expect(loadConfig({ ...productionEnv, GRAPHQL_INTROSPECTION: 'true' }).graphql.introspection).toBe(true);
  });

  it('keeps failure samples private by default and checks the failure and TLS settings', () => {
    expect(loadConfig({}).failureReports).toEqual({ content: 'headers', localParts: 'redact', hashKey: undefined });
    expect(loadConfig({}).tlsAlerts).toEqual({ failureShare: 0.05, windowDays: 7, minSessions: 100 });
    const key = 'Zq7-hashing-key-with-enough-entropy-4u';
    expect(loadConfig({ FAILURE_SAMPLE_CONTENT: 'headers-and-body', FAILURE_LOCAL_PARTS: 'hash', FAILURE_HASH_KEY: key }).failureReports).toEqual({
      content: 'headers-and-body', localParts: 'hash', hashKey: key,
    });
    expect(problemsOf({ FAILURE_LOCAL_PARTS: 'hash' })).toEqual([expect.stringMatching(/^FAILURE_HASH_KEY: required when FAILURE_LOCAL_PARTS=hash/)]);
    expect(problemsOf({ FAILURE_LOCAL_PARTS: 'hash', FAILURE_HASH_KEY: 'short' })).toEqual([expect.stringMatching(/^FAILURE_HASH_KEY: at least 32 characters/)]);
    expect(problemsOf({ FAILURE_SAMPLE_CONTENT: 'everything', FAILURE_LOCAL_PARTS: 'hide', TLS_FAILURE_ALERT_SHARE: '5', TLS_FAILURE_ALERT_WINDOW_DAYS: '0', TLS_FAILURE_ALERT_MIN_SESSIONS: '-1' })).toEqual([
      'FAILURE_SAMPLE_CONTENT: must be headers or headers-and-body',
      'FAILURE_LOCAL_PARTS: must be redact, hash or keep',
      'TLS_FAILURE_ALERT_SHARE: must be a number between 0 and 1 (0.05 = 5 %)',
      'TLS_FAILURE_ALERT_WINDOW_DAYS: must be an integer from 1 to 365',
      'TLS_FAILURE_ALERT_MIN_SESSIONS: must be an integer >= 1',
    ]);
  });

  it('does not migrate on start in production unless asked', () => {
    const env = productionEnv;
    expect(loadConfig(env).database.migrateOnStart).toBe(false);
    expect(loadConfig({ ...env, MIGRATE_ON_START: 'true' }).database.migrateOnStart).toBe(true);
  });
});

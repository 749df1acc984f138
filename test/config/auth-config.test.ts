import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { problemsOf } from '../support/config-problems.js';


describe('authentication settings', () => {
  it('defaults to a random per-process JWT secret outside production, and 15-minute tokens and lockouts', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    expect(a.auth).toMatchObject({ jwtSecretGenerated: true, jwtTtlMinutes: 15, loginMaxAttempts: 5, loginWindowMinutes: 15, lockoutMinutes: 15 });
    expect(a.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.auth.jwtSecret).not.toBe(b.auth.jwtSecret);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(40), JWT_TTL_MINUTES: '60', LOGIN_MAX_ATTEMPTS: '3' }).auth).toMatchObject({ jwtSecret: 'x'.repeat(40), jwtSecretGenerated: false, jwtTtlMinutes: 60, loginMaxAttempts: 3 });
  });

  it('refuses invalid numbers along with the other problems', () => {
    expect(problemsOf({ JWT_TTL_MINUTES: '0', LOCKOUT_MINUTES: 'soon' })).toEqual([
      expect.stringMatching(/^JWT_TTL_MINUTES: must be an integer >= 1/),
      expect.stringMatching(/^LOCKOUT_MINUTES: must be an integer >= 1/),
    ]);
  });

  it('in production requires JWT_SECRET, listed with the other production problems', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toContainEqual(expect.stringMatching(/^DATABASE_URL: required in production/));
    expect(problems).toContainEqual(expect.stringMatching(/^JWT_SECRET: required in production/));
  });

  it('in production refuses a short secret and a well-known placeholder, listed with the others', () => {
    const short = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'only-twenty-chars-xx' });
    expect(short).toContainEqual(expect.stringMatching(/^DATABASE_URL: required in production/));
    expect(short).toContainEqual('JWT_SECRET: must be at least 32 characters in production');
    for (const placeholder of ['changeme', 'secret', 'your-secret-here', 'ChangeMe']) {
      const problems = problemsOf({ NODE_ENV: 'production', JWT_SECRET: placeholder });
      expect(problems).toContainEqual(expect.stringMatching(/^MONGODB_URL: required in production/));
      expect(problems).toContainEqual('JWT_SECRET: is a well-known placeholder; use a random secret');
    }
    // Long is not enough: 48 times the same character is refused as not random.
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(48) })).toContainEqual(
      'JWT_SECRET: is not random enough (repeated or too few distinct characters); use a random secret',
    );
    const fine = problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'Hq7vN2xL9pR4tW8zK3mB6cF1jD5sG0yAe' });
    expect(fine.filter((p) => p.startsWith('JWT_SECRET'))).toEqual([]);
    expect(fine.length).toBeGreaterThan(0);
  });
});

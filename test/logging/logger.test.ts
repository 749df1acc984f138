import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger, withoutQueryValues, type LogFormat } from '../../src/logging/logger.js';

/** A destination that says whether it is a terminal, and keeps what was written. */
function sink(isTTY: boolean): Writable & { text: () => string; isTTY: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text: () => string; isTTY: boolean };
  stream.isTTY = isTTY;
  stream.text = () => chunks.join('');
  return stream;
}

function logOnce(format: LogFormat, isTTY: boolean): string {
  const out = sink(isTTY);
  createLogger({ level: 'info', format }, out).info({ requestId: 'r-1' }, 'hello there');
  return out.text();
}

describe('the logger', () => {
  it('prints readable lines to a terminal in development (auto), with the message and its fields', () => {
    const text = logOnce('auto', true);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\S*\[?\d{2}:\d{2}:\d{2}/); // a local clock time first
    expect(text).toContain('INFO');
    expect(text).toContain('hello there');
    expect(text).toContain('r-1');
  });

  it('writes JSON lines when the output is not a terminal (auto), or when json is asked for', () => {
    for (const [format, tty] of [['auto', false], ['json', true]] as const) {
      const line = JSON.parse(logOnce(format, tty)) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 30, msg: 'hello there', requestId: 'r-1', service: 'dmarc-analytics' });
    }
  });

  it('is always JSON in production, whatever LOG_FORMAT says', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).log.format).toBe('pretty');
    expect(loadConfig({}).log.format).toBe('auto');
    const production = {
      NODE_ENV: 'production',
      LOG_FORMAT: 'pretty',
      CORS_ORIGINS: 'https://dash.example.com',
      DATABASE_URL: 'postgres://app:Xk8#mQ2$vL9@db/dmarc',
      MONGODB_URL: 'mongodb://db/jobs',
      GEOIP_CITY_DB: '/var/lib/GeoIP/GeoLite2-City.mmdb',
      JWT_SECRET: 'Q7v9k2LmX4pR8sT1wZ6yB3nC5dF0gH2jK4lM6nP8qR0sT2uV',
    };
    expect(loadConfig(production).log.format).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'fancy' })).toThrow(/LOG_FORMAT/);
  });

  it('logs a request URL without the values of its query', () => {
    expect(withoutQueryValues('/graphql')).toBe('/graphql');
    expect(withoutQueryValues('/reports?filename=r.xml.gz')).toBe('/reports?filename=[redacted]');
    expect(withoutQueryValues('/x?token=abc&&key=&bare&we%20ird=1&a[b]=2')).toBe('/x?token=[redacted]&key=[redacted]&[redacted]&[redacted]&a[b]=[redacted]');
    expect(withoutQueryValues('/x?')).toBe('/x?');
    const out = sink(false);
    createLogger({ level: 'info', format: 'json' }, out).info({ req: { method: 'GET', url: '/map?token=t0ps3cret' } }, 'incoming request');
    expect(out.text()).toContain('"url":"/map?token=[redacted]"');
    expect(out.text()).not.toContain('t0ps3cret');
  });
});

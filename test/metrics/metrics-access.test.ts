import { describe, expect, it } from 'vitest';
import { metricsRefusal } from '../../src/http/metrics-route.js';
import { BoundedLabel } from '../../src/metrics/bounded-label.js';

const development = { isProduction: false, metrics: { token: undefined, port: undefined, host: '127.0.0.1' } } as const;
const production = { ...development, isProduction: true } as const;

describe('metricsRefusal', () => {
  it('development without a token: loopback clients only, whatever X-Forwarded-For says', () => {
    expect(metricsRefusal(development, { headers: {}, peer: '127.0.0.1' }, 'api')).toBeNull();
    expect(metricsRefusal(development, { headers: {}, peer: '::1' }, 'api')).toBeNull();
    expect(metricsRefusal(development, { headers: {}, peer: '::ffff:127.0.0.1' }, 'api')).toBeNull();
    expect(metricsRefusal(development, { headers: { 'x-forwarded-for': '127.0.0.1' }, peer: '203.0.113.9' }, 'api')?.code).toBe('FORBIDDEN');
  });

  it('production without a token: refused on the API port, served on the metrics listener', () => {
    expect(metricsRefusal(production, { headers: {}, peer: '127.0.0.1' }, 'api')?.code).toBe('FORBIDDEN');
    expect(metricsRefusal(production, { headers: {}, peer: '10.0.0.7' }, 'metrics')).toBeNull();
  });

  it('with a token: the bearer token, on either listener, from anywhere', () => {
    const config = { ...production, metrics: { ...production.metrics, token: 'a-token-of-32-characters-or-more!!' } };
    expect(metricsRefusal(config, { headers: { authorization: 'Bearer a-token-of-32-characters-or-more!!' }, peer: '10.0.0.7' }, 'api')).toBeNull();
    expect(metricsRefusal(config, { headers: { authorization: 'Bearer a-token-of-32-characters-or-more!' }, peer: '127.0.0.1' }, 'metrics')?.code).toBe('UNAUTHENTICATED');
    expect(metricsRefusal(config, { headers: {}, peer: '127.0.0.1' }, 'api')?.code).toBe('UNAUTHENTICATED');
  });
});

describe('BoundedLabel', () => {
  it('keeps the first names, then one shared value; anything that is not a GraphQL name shares it too', () => {
    const label = new BoundedLabel(2);
    expect(label.of('First')).toBe('First');
    expect(label.of(undefined)).toBe(BoundedLabel.ANONYMOUS);
    expect(label.of('bad name {')).toBe(BoundedLabel.OTHER);
    expect(label.of('Second')).toBe('Second');
    expect(label.of('Third')).toBe(BoundedLabel.OTHER);
    expect(label.of('First')).toBe('First');
  });
});

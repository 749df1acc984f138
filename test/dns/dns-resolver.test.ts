import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsQueryError } from '../../src/dns/dns-query-error.js';
import { DnsResolver } from '../../src/dns/dns-resolver.js';
import { NO_DNS } from '../../src/dns/dns-servers.js';
import { startTestDns, type TestDns } from '../support/dnsmasq.js';
import { startUdpDelayProxy, type UdpDelayProxy } from '../support/udp-delay-proxy.js';

const require = createRequire(import.meta.url);
// mailauth is CommonJS; its checks take `resolver: (name, rrtype) => Promise<records>`.
const { dmarc } = require('mailauth/lib/dmarc/index.js') as { dmarc: (options: Record<string, unknown>) => Promise<{ status: { result: string }; p?: string; domain?: string }> };
const { spf } = require('mailauth/lib/spf/index.js') as { spf: (options: Record<string, unknown>) => Promise<{ status: { result: string } }> };

const resolverFor = (dns: { address: string }, options: { timeoutMs?: number; concurrency?: number } = {}) =>
  new DnsResolver({ servers: { kind: 'list', servers: [dns.address] }, timeoutMs: options.timeoutMs ?? 2_000, concurrency: options.concurrency ?? 16 });

async function failure(promise: Promise<unknown>): Promise<DnsQueryError> {
  try {
    await promise;
  } catch (error) {
    return error as DnsQueryError;
  }
  throw new Error('expected the query to fail');
}

describe('the DNS resolver against a real dnsmasq', () => {
  let dns: TestDns;

  beforeAll(async () => {
    dns = await startTestDns(
      {
        ptr: { '192.0.2.10': 'mail.example.com', '2001:db8::25': 'mx6.example.com' },
        hosts: { 'mail.example.com': ['192.0.2.10'], 'mx6.example.com': ['2001:db8::25'] },
        txt: {
          'example.com': 'v=spf1 ip4:192.0.2.0/24 -all',
          '_dmarc.example.com': 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com',
        },
        mx: [{ name: 'example.com', exchange: 'mail.example.com', priority: 10 }],
        synthesized: [{ domain: 'example.net', range: '203.0.113.0/24', prefix: 'h-' }],
      },
      { servfail: ['broken.example.net', '192.0.2.66'], timeout: ['silent.example.net', '192.0.2.77'] },
    );
  });
  afterAll(() => dns?.stop());

  it('answers PTR, A, AAAA, TXT and MX as node:dns shapes them', async () => {
    const resolver = resolverFor(dns);
    expect(await resolver.query('10.2.0.192.in-addr.arpa', 'PTR')).toEqual(['mail.example.com']);
    expect(await resolver.query('mail.example.com', 'A')).toEqual(['192.0.2.10']);
    expect(await resolver.query('mx6.example.com', 'AAAA')).toEqual(['2001:db8::25']);
    expect(await resolver.query('example.com', 'TXT')).toEqual([['v=spf1 ip4:192.0.2.0/24 -all']]);
    expect(await resolver.query('example.com', 'MX')).toMatchObject([{ exchange: 'mail.example.com', priority: 10 }]);
    expect(resolver.servers).toEqual([dns.address]);
  });

  it('makes up names for a whole range, both ways (how benchmarks serve 100,000 addresses)', async () => {
    const resolver = resolverFor(dns);
    expect(await resolver.query('7.113.0.203.in-addr.arpa', 'PTR')).toEqual(['h-203-0-113-7.example.net']);
    expect(await resolver.query('h-203-0-113-7.example.net', 'A')).toEqual(['203.0.113.7']);
  });

  it('tells a missing name (ENOTFOUND) and a missing record type (ENODATA) from failures', async () => {
    const resolver = resolverFor(dns);
    const missing = await failure(resolver.query('nowhere.example.org', 'A'));
    expect([missing.code, missing.isAnswer, missing.isTemporary]).toEqual(['ENOTFOUND', true, false]);
    const noRecord = await failure(resolver.query('mail.example.com', 'AAAA'));
    expect([noRecord.code, noRecord.isAnswer]).toEqual(['ENODATA', true]);
    expect(resolver.stats().failures).toEqual({});
  });

  it('reports SERVFAIL and a timeout as temporary failures, the timeout within DNS_TIMEOUT_MS', async () => {
    const resolver = resolverFor(dns, { timeoutMs: 400 });
    const servfail = await failure(resolver.query('broken.example.net', 'A'));
    expect([servfail.code, servfail.isTemporary]).toEqual(['ESERVFAIL', true]);
    expect((await failure(resolver.query('66.2.0.192.in-addr.arpa', 'PTR'))).code).toBe('ESERVFAIL');
    const started = Date.now();
    const timeout = await failure(resolver.query('silent.example.net', 'A'));
    expect([timeout.code, timeout.isTemporary]).toEqual(['ETIMEOUT', true]);
    // The deadline holds: well below c-ares' own retries (several seconds).
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await failure(resolver.query('77.2.0.192.in-addr.arpa', 'PTR'))).code).toBe('ETIMEOUT');
    expect(resolver.stats().failures).toEqual({ ESERVFAIL: 2, ETIMEOUT: 2 });
  });

  it('fails at once with EDNSOFF when DNS is turned off, and with ECONNREFUSED when no server listens', async () => {
    const off = new DnsResolver({ servers: NO_DNS, timeoutMs: 1_000, concurrency: 4 });
    expect(off.enabled).toBe(false);
    expect((await failure(off.query('example.com', 'A'))).code).toBe('EDNSOFF');
    const nobody = new DnsResolver({ servers: { kind: 'list', servers: ['127.0.0.1:9'] }, timeoutMs: 1_000, concurrency: 4 });
    const refused = await failure(nobody.query('example.com', 'A'));
    expect(['ECONNREFUSED', 'ETIMEOUT']).toContain(refused.code);
    expect(refused.isTemporary).toBe(true);
  });

  it('is the resolver mailauth takes: a DMARC tree walk and an SPF check go through it', async () => {
    const resolver = resolverFor(dns);
    const verdict = await dmarc({ headerFrom: 'billing@deep.sub.example.com', spfDomains: [], dkimDomains: [], resolver: resolver.forMailauth() });
    expect(verdict.status.result).toBe('fail');
    // The policy of example.com, found by walking up from the author domain.
    expect(verdict.p).toBe('reject');
    expect(verdict.domain).toBe('example.com');
    const pass = await spf({ sender: 'someone@example.com', ip: '192.0.2.10', helo: 'mail.example.com', mta: 'mx.test', resolver: resolver.forMailauth() });
    expect(pass.status.result).toBe('pass');
    const fail = await spf({ sender: 'someone@example.com', ip: '198.51.100.1', helo: 'x', mta: 'mx.test', resolver: resolver.forMailauth() });
    expect(fail.status.result).toBe('fail');
    expect(resolver.stats().queries).toBeGreaterThan(3);
  });

  it('refuses queries once closed, including those waiting for a slot', async () => {
    const resolver = resolverFor(dns, { concurrency: 1 });
    const waiting = [resolver.query('silent.example.net', 'A'), resolver.query('mail.example.com', 'A')];
    resolver.close();
    const outcomes = await Promise.allSettled(waiting);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((await failure(resolver.query('mail.example.com', 'A'))).code).toBe('ECANCELLED');
  });

  describe('behind 50 ms of latency', () => {
    let proxy: UdpDelayProxy;
    beforeAll(async () => {
      proxy = await startUdpDelayProxy({ host: '127.0.0.1', port: dns.port }, 50);
    });
    afterAll(() => proxy?.stop());

    it('keeps at most DNS_CONCURRENCY queries in flight and answers every one', async () => {
      const resolver = resolverFor({ address: proxy.address }, { concurrency: 5 });
      const answers = await Promise.all(Array.from({ length: 40 }, () => resolver.query('mail.example.com', 'A')));
      expect(answers.every((a) => a[0] === '192.0.2.10')).toBe(true);
      expect(resolver.stats()).toMatchObject({ queries: 40, peakInFlight: 5, inFlight: 0, waiting: 0, concurrency: 5 });
      expect(proxy.relayed()).toBeGreaterThanOrEqual(40);
    });
  });
});

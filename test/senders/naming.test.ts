import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_DNS } from '../../src/dns/dns-servers.js';
import { SenderNaming } from '../../src/senders/naming/sender-naming.js';
import { silentLogger } from '../support/silent-logger.js';
import { startTestDns, type TestDns } from '../support/dnsmasq.js';
import { openSendersFixture, type SendersFixture } from './senders-harness.js';

const HOUR = 60;

/** The closed DNS world of these tests: what each address's reverse DNS says. */
const ZONE = {
  ptr: {
    '198.51.100.10': 'o1.ptr1234.sendgrid.net',
    // Claims Google, but google's name does not point back: a liar.
    '198.51.100.11': 'mail-sor-f41.google.com',
    '198.51.100.12': 'smtp.example-crm.io',
    '2001:db8::25': 'mx6.example-crm.io',
    '198.51.100.30': 'relay.pobox.com',
  },
  hosts: {
    'o1.ptr1234.sendgrid.net': ['198.51.100.10'],
    'mail-sor-f41.google.com': ['209.85.220.41'],
    'smtp.example-crm.io': ['198.51.100.12'],
    'mx6.example-crm.io': ['2001:db8::25'],
    'relay.pobox.com': ['198.51.100.30'],
  },
};

describe('sender naming against a real DNS server', () => {
  let dns: TestDns;
  let f: SendersFixture;

  beforeAll(async () => {
    dns = await startTestDns(ZONE, { timeout: ['198.51.100.20'], servfail: ['198.51.100.21'] });
    f = await openSendersFixture({ kind: 'list', servers: [dns.address] }, { timeoutMs: 400 });
  });
  afterAll(async () => {
    await f?.close();
    await dns?.stop();
  });

  it('names a forward-confirmed address by the service map: base domain, name, type', async () => {
    const outcome = await f.senders.naming.nameNow(['198.51.100.10']);
    expect(outcome).toMatchObject({ addresses: 1, named: 1, senders: ['service:twilio sendgrid'] });
    expect(outcome.reverseDns.CONFIRMED).toBe(1);
    // What detection and DNS posture hear of it.
    expect(f.emitted).toEqual([{ event: 'sendersNamed', payload: outcome }]);
    expect(await f.nameOf('198.51.100.10')).toMatchObject({
      reverse_dns: 'CONFIRMED',
      ptr_name: 'o1.ptr1234.sendgrid.net',
      confirmed_name: 'o1.ptr1234.sendgrid.net',
      base_domain: 'sendgrid.net',
      sender_key: 'service:twilio sendgrid',
      sender_name: 'Twilio SendGrid',
      sender_type: 'ESP_MARKETING',
      naming_source: 'SERVICE_MAP',
    });
  });

  it('keeps a PTR name that does not resolve back, never trusts it, and names the address by its network instead', async () => {
    await f.geolocated('198.51.100.11', { countryCode: 'NL', asn: 64500, asOrganization: 'Example Hosting BV' });
    await f.senders.naming.nameNow(['198.51.100.11']);
    expect(await f.nameOf('198.51.100.11')).toMatchObject({
      reverse_dns: 'UNCONFIRMED',
      ptr_name: 'mail-sor-f41.google.com',
      confirmed_name: null,
      base_domain: null,
      asn: 64500,
      sender_key: 'asn:64500',
      sender_name: 'Example Hosting BV',
      naming_source: 'AS_ORGANIZATION',
    });
  });

  it('names by the confirmed name\'s base domain when the map does not know it, IPv6 through AAAA', async () => {
    await f.senders.naming.nameNow(['198.51.100.12', '2001:0db8:0:0::25']);
    for (const ip of ['198.51.100.12', '2001:db8::25']) {
      expect(await f.nameOf(ip)).toMatchObject({ reverse_dns: 'CONFIRMED', base_domain: 'example-crm.io', sender_key: 'domain:example-crm.io', sender_name: 'example-crm.io', sender_type: 'UNKNOWN', naming_source: 'REVERSE_DNS' });
    }
  });

  it('knows forwarders (our extension of the map): Pobox is a forwarder, not an email provider', async () => {
    await f.senders.naming.nameNow(['198.51.100.30']);
    expect(await f.nameOf('198.51.100.30')).toMatchObject({ sender_name: 'Pobox', sender_type: 'FORWARDER', naming_source: 'SERVICE_MAP' });
  });

  it('records a timeout and a SERVFAIL as failures, to be retried within the hour', async () => {
    const started = f.clock.now().getTime();
    const outcome = await f.senders.naming.nameNow(['198.51.100.20', '198.51.100.21', '198.51.100.40']);
    expect(outcome.reverseDns).toMatchObject({ FAILED: 2, NO_PTR: 1 });
    const timeout = await f.nameOf('198.51.100.20');
    const servfail = await f.nameOf('198.51.100.21');
    expect(timeout).toMatchObject({ reverse_dns: 'FAILED', dns_error: 'ETIMEOUT', naming_source: 'NONE', sender_key: 'ip:198.51.100.20' });
    expect(servfail).toMatchObject({ reverse_dns: 'FAILED', dns_error: 'ESERVFAIL' });
    expect(new Date(timeout!.expires_at as string).getTime() - started).toBe(60 * 60_000);
    expect(await f.nameOf('198.51.100.40')).toMatchObject({ reverse_dns: 'NO_PTR', dns_error: null });
  });

  it('answers from the cache until a row expires: negative answers after a day, confirmed names after a week', async () => {
    const ips = ['198.51.100.10', '198.51.100.40'];
    await f.senders.naming.nameNow(ips, { force: true });
    expect((await f.senders.naming.nameNow(ips)).addresses).toBe(0);
    f.clock.advanceMinutes(23 * HOUR);
    expect((await f.senders.naming.nameNow(ips)).addresses).toBe(0);
    f.clock.advanceMinutes(2 * HOUR);
    const afterADay = await f.senders.naming.nameNow(ips);
    expect(afterADay).toMatchObject({ addresses: 1, reverseDns: { NO_PTR: 1 } });
    f.clock.advanceMinutes(6 * 24 * HOUR);
    const afterAWeek = await f.senders.naming.nameNow(ips);
    expect(afterAWeek).toMatchObject({ addresses: 2, reverseDns: { CONFIRMED: 1, NO_PTR: 1 } });
  });

  it('keeps a known name when its refresh fails, and asks again within the hour', async () => {
    const silent = await startTestDns({}, { timeout: ['198.51.100.10'] });
    const offline = await openSendersFixture({ kind: 'list', servers: [silent.address] }, { timeoutMs: 300 });
    try {
      // Confirmed a week ago...
      await f.senders.naming.nameNow(['198.51.100.10'], { force: true });
      f.clock.advanceMinutes(8 * 24 * HOUR);
      const before = await f.nameOf('198.51.100.10');
      expect(before).toMatchObject({ reverse_dns: 'CONFIRMED' });
      // ...refreshed now through a server that does not answer, on the same database and clock.
      const naming = new SenderNaming({
        em: f.db.orm.em,
        resolver: offline.dns,
        map: () => f.senders.maps.current(),
        ttl: { positiveDays: 7, negativeHours: 24 },
        clock: f.clock.now,
        logger: silentLogger,
      });
      const outcome = await naming.nameNow(['198.51.100.10']);
      expect(outcome.reverseDns.FAILED).toBe(1);
      const after = await f.nameOf('198.51.100.10');
      expect(after).toMatchObject({ reverse_dns: 'CONFIRMED', confirmed_name: 'o1.ptr1234.sendgrid.net', sender_name: 'Twilio SendGrid', dns_error: 'ETIMEOUT' });
      expect(new Date(after!.expires_at as string).getTime() - f.clock.now().getTime()).toBe(60 * 60_000);
    } finally {
      await offline.close();
      await silent.stop();
    }
  });

  it('counts addresses under an operator\'s map entry at once, and under the bundled map again when it is deleted', async () => {
    const admin = { kind: 'user' as const, id: 'u1', role: 'admin' as never, email: 'admin@example.com' };
    const entry = await f.senders.upsertMapEntry({ baseDomain: 'example-crm.io', name: 'Acme CRM', type: 'SAAS', comment: 'the sales team' }, admin);
    expect(entry).toMatchObject({ baseDomain: 'example-crm.io', asn: null, name: 'Acme CRM', type: 'SAAS', createdBy: 'admin@example.com' });
    expect(await f.nameOf('198.51.100.12')).toMatchObject({ sender_key: 'service:acme crm', sender_name: 'Acme CRM', sender_type: 'SAAS', naming_source: 'OPERATOR_MAP' });
    await f.senders.deleteMapEntry(entry.id);
    expect(await f.nameOf('198.51.100.12')).toMatchObject({ sender_key: 'domain:example-crm.io', naming_source: 'REVERSE_DNS' });
    await expect(f.senders.upsertMapEntry({ baseDomain: 'smtp.example-crm.io', name: 'x', type: 'SAAS' }, admin)).rejects.toThrow(/use "example-crm.io"/);
    await expect(f.senders.upsertMapEntry({ baseDomain: 'example-crm.io', asn: 5, name: 'x', type: 'SAAS' }, admin)).rejects.toThrow(/exactly one/);
  });
});

describe('sender naming with DNS off (DNS_SERVERS=none)', () => {
  let f: SendersFixture;
  beforeAll(async () => {
    f = await openSendersFixture(NO_DNS);
  });
  afterAll(() => f?.close());

  it('names from ASN data alone: the bundled ASN map, then the AS organisation, else the address', async () => {
    await f.geolocated('203.0.113.1', { asn: 15169, asOrganization: 'GOOGLE' });
    await f.geolocated('203.0.113.2', { asn: 64501, asOrganization: 'Tiny ISP Ltd' });
    const outcome = await f.senders.naming.nameNow(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
    expect(outcome).toMatchObject({ addresses: 3, named: 2, reverseDns: { SKIPPED: 3 } });
    expect(await f.nameOf('203.0.113.1')).toMatchObject({ reverse_dns: 'SKIPPED', sender_name: 'Google (Including Gmail and Google Workspace)', sender_type: 'EMAIL_PROVIDER', naming_source: 'ASN_MAP' });
    expect(await f.nameOf('203.0.113.2')).toMatchObject({ sender_key: 'asn:64501', sender_name: 'Tiny ISP Ltd', naming_source: 'AS_ORGANIZATION' });
    expect(await f.nameOf('203.0.113.3')).toMatchObject({ sender_key: 'ip:203.0.113.3', naming_source: 'NONE' });
  });
});

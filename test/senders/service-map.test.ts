import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identify } from '../../src/senders/identity.js';
import { bundledMap, serviceMapDataDir } from '../../src/senders/service-map/bundled-map.js';
import { senderTypeOfCategory } from '../../src/senders/service-map/sender-types.js';
import { ServiceMap } from '../../src/senders/service-map/service-map.js';

const map = new ServiceMap(bundledMap());

describe('the bundled service map', () => {
  it('holds parsedmarc\'s map (every row read, quoted names with commas included), our forwarders over it, and the ASN map', () => {
    const data = bundledMap();
    const csvRows = readFileSync(join(serviceMapDataDir, 'base_reverse_dns_map.csv'), 'utf8').trim().split('\n').length - 1;
    expect(csvRows).toBe(38_628);
    // A few keys appear twice in parsedmarc's file; our forwarders add new ones.
    expect(data.domains.size).toBeGreaterThan(38_000);
    expect(data.domains.get('orange.tx.us')).toMatchObject({ name: 'Orange County, Texas', type: 'ORGANIZATION', category: 'Government' });
    expect(data.domains.get('sendgrid.net')).toMatchObject({ name: 'Twilio SendGrid', type: 'ESP_MARKETING' });
    expect(data.domains.get('pphosted.com')).toMatchObject({ name: 'Proofpoint', type: 'SECURITY_GATEWAY' });
    expect(data.domains.get('pobox.com')).toMatchObject({ name: 'Pobox', type: 'FORWARDER', category: 'Forwarder' });
    expect(data.domains.get('groups.io')).toMatchObject({ type: 'FORWARDER', category: 'Mailing List' });
    expect(data.asns.get(15169)?.name).toBe(data.domains.get('google.com')?.name);
    expect(data.foldSuffixes.length).toBeGreaterThan(250);
    // Every ASN entry's name is one the domain map uses too, so both ways of naming meet in one sender.
    const domainNames = new Set([...data.domains.values()].map((entry) => entry.name));
    expect([...data.asns.values()].filter((entry) => !domainNames.has(entry.name)).map((entry) => entry.name)).toEqual([]);
  });

  it('folds reverse DNS names to their base domain: Public Suffix List, ICANN section, and parsedmarc\'s overrides', () => {
    expect(map.baseDomain('mail-sor-f41.google.com')).toBe('google.com');
    expect(map.baseDomain('o1.ptr1234.sendgrid.net.')).toBe('sendgrid.net');
    expect(map.baseDomain('a27-33.smtp-out.us-west-2.amazonses.com')).toBe('amazonses.com');
    expect(map.baseDomain('ec2-1-2-3-4.compute-1.amazonaws.com')).toBe('amazonaws.com');
    expect(map.baseDomain('mail.example.co.uk')).toBe('example.co.uk');
    expect(map.baseDomain('host01.a2hosted.com')).toBe('a2hosted.com');
    expect(map.baseDomain('localhost')).toBeNull();
  });

  it('maps each kind of category to a sender type', () => {
    expect(['Email Provider', 'Marketing', 'SaaS', 'Email Security', 'Forwarder', 'Web Host', 'ISP', 'Finance'].map(senderTypeOfCategory)).toEqual([
      'EMAIL_PROVIDER', 'ESP_MARKETING', 'SAAS', 'SECURITY_GATEWAY', 'FORWARDER', 'HOSTING', 'ISP_RESIDENTIAL', 'ORGANIZATION',
    ]);
  });

  it('identifies an address: map by confirmed name, then its base domain, then ASN map, AS organisation, the address', () => {
    const facts = { ip: '192.0.2.1', confirmedName: null, asn: null, asOrganization: null };
    expect(identify({ ...facts, confirmedName: 'mail-ot1-f41.google.com', asn: 64500 }, map)).toMatchObject({ key: 'service:google (including gmail and google workspace)', source: 'SERVICE_MAP', type: 'EMAIL_PROVIDER' });
    expect(identify({ ...facts, confirmedName: 'mx1.acme-shop.example' }, map)).toMatchObject({ key: 'domain:acme-shop.example', name: 'acme-shop.example', source: 'REVERSE_DNS' });
    expect(identify({ ...facts, asn: 15169, asOrganization: 'GOOGLE' }, map)).toMatchObject({ key: 'service:google (including gmail and google workspace)', source: 'ASN_MAP' });
    expect(identify({ ...facts, asn: 64501, asOrganization: 'Tiny ISP' }, map)).toMatchObject({ key: 'asn:64501', name: 'Tiny ISP', source: 'AS_ORGANIZATION' });
    expect(identify(facts, map)).toMatchObject({ key: 'ip:192.0.2.1', name: '192.0.2.1', source: 'NONE' });
  });

  it('lets an operator\'s entry win over the bundled one, by base domain and by ASN', () => {
    const own = new ServiceMap(bundledMap(), [
      { id: 'a', baseDomain: 'sendgrid.net', asn: null, name: 'Our SendGrid account', type: 'ESP_MARKETING', comment: null, createdBy: 'x', updatedAt: new Date() },
      { id: 'b', baseDomain: null, asn: 15169, name: 'Google relay', type: 'FORWARDER', comment: null, createdBy: 'x', updatedAt: new Date() },
    ]);
    expect(own.byDomain('sendgrid.net')).toMatchObject({ name: 'Our SendGrid account', source: 'OPERATOR_MAP' });
    expect(own.byAsn(15169)).toMatchObject({ name: 'Google relay', type: 'FORWARDER', source: 'OPERATOR_MAP' });
    expect(own.byDomain('google.com')).toMatchObject({ source: 'SERVICE_MAP' });
    expect(own.forwarderOf('lists.groups.io')?.name).toBe('Groups.io');
    expect(own.forwarderOf('sendgrid.net')).toBeUndefined();
  });
});

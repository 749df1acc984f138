import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, rulesTable } from '../../src/senders/classification/rules.js';
import type { AuthSignature, SenderStats } from '../../src/senders/classification/sender-stats.js';
import { projectRoot } from '../../src/paths.js';
import { bundledMap } from '../../src/senders/service-map/bundled-map.js';
import { ServiceMap } from '../../src/senders/service-map/service-map.js';

const map = new ServiceMap(bundledMap());

/** 100 messages of example.com from a named sender that failed everything, unless told otherwise. */
function stats(overrides: Partial<SenderStats>): SenderStats {
  return {
    domain: 'example.com',
    key: 'domain:sender.example',
    name: 'sender.example',
    type: 'UNKNOWN',
    category: null,
    namingSource: 'REVERSE_DNS',
    messages: 100,
    dmarcAligned: 0,
    dkimAligned: 0,
    spfAligned: 0,
    rejected: 0,
    forwardingReasons: 0,
    dkimPassSpfFail: 0,
    arcPass: 0,
    reasons: [],
    signatures: [],
    unconfirmedPtrNames: [],
    firstSeen: new Date('2026-12-01'),
    lastSeen: new Date('2026-12-06'),
    ipCount: 1,
    countries: [],
    ...overrides,
  };
}

const signature = (method: 'dkim' | 'spf', domain: string, passMessages: number, aligned = false): AuthSignature => ({
  method, domain, selector: method === 'dkim' ? 's1' : null, messages: 100, passMessages, aligned,
});

const verdict = (s: Partial<SenderStats>) => {
  const c = classify({ stats: stats(s), map });
  return [c.classification, c.rule, c.confidence];
};

describe('the classification rules, one by one and at their thresholds', () => {
  it('authorized: aligned pass on at least 90%', () => {
    expect(verdict({ dmarcAligned: 90, dkimAligned: 90 })).toEqual(['AUTHORIZED', 'aligned pass', 0.95]);
    expect(verdict({ dmarcAligned: 95, namingSource: 'NONE', key: 'ip:192.0.2.1' })).toEqual(['AUTHORIZED', 'aligned pass', 0.8]);
    expect(verdict({ dmarcAligned: 89 })[0]).toBe('UNKNOWN');
  });

  it('forwarder: a known forwarder, a list server\'s signature, reported forwarding, or the forwarding signature', () => {
    expect(verdict({ type: 'FORWARDER', namingSource: 'SERVICE_MAP', dmarcAligned: 100 })).toEqual(['FORWARDER', 'known forwarder', 0.9]);
    expect(verdict({ type: 'FORWARDER', namingSource: 'ASN_MAP' })).toEqual(['FORWARDER', 'known forwarder', 0.75]);
    expect(verdict({ signatures: [signature('dkim', 'googlegroups.com', 25)] })).toEqual(['FORWARDER', 'list server signature', 0.85]);
    expect(verdict({ signatures: [signature('dkim', 'googlegroups.com', 24)] })[0]).toBe('UNAUTHORIZED');
    expect(verdict({ forwardingReasons: 50, reasons: [{ type: 'mailing_list', messages: 50 }] })).toEqual(['FORWARDER', 'forwarding reported', 0.85]);
    expect(verdict({ arcPass: 60 })).toEqual(['FORWARDER', 'forwarding reported', 0.85]);
    // Aligned DKIM surviving a failed SPF check beats "authorized" (the mail passes DMARC through DKIM).
    expect(verdict({ dkimPassSpfFail: 95, dkimAligned: 95, dmarcAligned: 95 })).toEqual(['FORWARDER', 'forwarding signature', 0.7]);
    // ...but not on the domain's own server, which is simply authorized.
    expect(verdict({ key: 'domain:example.com', dkimPassSpfFail: 95, dkimAligned: 95, dmarcAligned: 95 })[0]).toBe('AUTHORIZED');
  });

  it('misconfigured: a known service authenticating as itself, not aligned', () => {
    const esp = { type: 'ESP_MARKETING' as const, namingSource: 'SERVICE_MAP' as const, name: 'Twilio SendGrid' };
    expect(verdict({ ...esp, signatures: [signature('dkim', 'sendgrid.net', 50)] })).toEqual(['MISCONFIGURED', 'service authenticating as itself', 0.85]);
    expect(verdict({ ...esp, namingSource: 'ASN_MAP', signatures: [signature('spf', 'sendgrid.net', 80)] })).toEqual(['MISCONFIGURED', 'service authenticating as itself', 0.65]);
    // A known service failing without authenticating as itself: no verdict either way.
    expect(verdict({ ...esp, signatures: [signature('dkim', 'sendgrid.net', 49)] })[0]).toBe('UNKNOWN');
    // An aligned signature is not "as itself".
    expect(verdict({ ...esp, dmarcAligned: 40, signatures: [signature('dkim', 'mail.example.com', 100, true)] })[0]).toBe('UNKNOWN');
    // Hosting is not a sending service: a VPS authenticating as its own domain and failing ours is unauthorized.
    expect(verdict({ type: 'HOSTING', namingSource: 'SERVICE_MAP', signatures: [signature('spf', 'vps.example', 100)] })[0]).toBe('UNAUTHORIZED');
  });

  it('unauthorized: failing and not a known service; surer when receivers reject it', () => {
    expect(verdict({ type: 'ISP_RESIDENTIAL', namingSource: 'SERVICE_MAP', rejected: 50 })).toEqual(['UNAUTHORIZED', 'failing, not a known service', 0.9]);
    expect(verdict({ rejected: 49, dmarcAligned: 9 })).toEqual(['UNAUTHORIZED', 'failing, not a known service', 0.7]);
    expect(verdict({ dmarcAligned: 10 })[0]).toBe('UNKNOWN');
  });

  it('puts the deciding evidence first, then the DMARC share, the receivers\' verdict and untrusted PTR names', () => {
    const c = classify({ stats: stats({ rejected: 100, unconfirmedPtrNames: ['mail.paypal.com'] }), map });
    expect(c.evidence.map((e) => e.code)).toEqual(['DMARC_FAILS', 'NOT_A_KNOWN_SERVICE', 'RECEIVERS_REJECT', 'DMARC_ALIGNED', 'UNCONFIRMED_PTR']);
    expect(c.evidence.at(-1)!.text).toBe('reverse DNS says mail.paypal.com, which does not resolve back (not trusted)');
  });

  it('is the table README.md shows', () => {
    const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toContain(rulesTable());
  });
});

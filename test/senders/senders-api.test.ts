import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import { Role } from '../../entities/roles.js';
import { startTestDns, type TestDns } from '../support/dnsmasq.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { handReport } from './sender-reports.js';

/** Every address of the hand-made reports, and what its reverse DNS says. */
const ZONE = {
  ptr: {
    '198.51.100.50': 'mail-sor-f50.google.com',
    '198.51.100.10': 'o1.ptr1234.sendgrid.net',
    '198.51.100.30': 'relay.pobox.com',
    '198.51.100.61': 'relay.uni-example.edu',
    '198.51.100.62': 'lists.example-project.org',
    '198.51.100.70': 'host-70.dynamic.rostelecom.ru',
    '198.51.100.80': 'mx.partner-corp.com',
    // A liar: the name does not point back.
    '198.51.100.90': 'mail.microsoft.com',
  },
  hosts: {
    'mail-sor-f50.google.com': ['198.51.100.50'],
    'o1.ptr1234.sendgrid.net': ['198.51.100.10'],
    'relay.pobox.com': ['198.51.100.30'],
    'relay.uni-example.edu': ['198.51.100.61'],
    'lists.example-project.org': ['198.51.100.62'],
    'host-70.dynamic.rostelecom.ru': ['198.51.100.70'],
    'mx.partner-corp.com': ['198.51.100.80'],
    'mail.microsoft.com': ['192.0.2.200'],
  },
};

const own = [{ domain: 'example.com', selector: 's1', result: 'pass' }];

/** One report of example.com (p=reject) holding one sender of each classification, and some more. */
const REPORT = handReport({
  reportId: 'senders-1',
  records: [
    // AUTHORIZED: the domain's Google Workspace, aligned DKIM and SPF.
    { ip: '198.51.100.50', count: 100, dkim: 'pass', spf: 'pass', dkimResults: own },
    // MISCONFIGURED: SendGrid signing with its own domain and its own return path.
    { ip: '198.51.100.10', count: 40, dkim: 'fail', spf: 'fail', dkimResults: [{ domain: 'sendgrid.net', selector: 's1', result: 'pass' }], spfResults: [{ domain: 'sendgrid.net', result: 'pass' }] },
    // FORWARDER, known: Pobox keeps the signature, breaks SPF.
    { ip: '198.51.100.30', count: 10, dkim: 'pass', spf: 'fail', dkimResults: own, spfResults: [{ domain: 'example.com', result: 'fail' }] },
    // FORWARDER, reported: no name, failing, but the receiver says forwarded and ARC passed.
    { ip: '198.51.100.60', count: 12, dkim: 'fail', spf: 'fail', disposition: 'none', reasons: [{ type: 'forwarded' }, { type: 'local_policy', comment: 'arc=pass as.1.google.com=pass' }] },
    // FORWARDER, signature: an unknown relay where aligned DKIM survives and SPF fails.
    { ip: '198.51.100.61', count: 8, dkim: 'pass', spf: 'fail', dkimResults: own, spfResults: [{ domain: 'example.com', result: 'fail' }] },
    // FORWARDER, list server: re-signed by Google Groups, the original signature broken.
    { ip: '198.51.100.62', count: 6, dkim: 'fail', spf: 'fail', dkimResults: [{ domain: 'example.com', selector: 's1', result: 'fail' }, { domain: 'googlegroups.com', selector: '20230601', result: 'pass' }] },
    // UNAUTHORIZED: a residential address failing everything, rejected.
    { ip: '198.51.100.70', count: 300, dkim: 'fail', spf: 'fail', spfResults: [{ domain: 'example.com', result: 'fail' }] },
    // UNKNOWN: a partner's server, half aligned.
    { ip: '198.51.100.80', count: 10, dkim: 'pass', spf: 'pass', dkimResults: own },
    { ip: '198.51.100.80', count: 10, dkim: 'fail', spf: 'fail', spfResults: [{ domain: 'partner-corp.com', result: 'fail' }] },
    // UNAUTHORIZED, and its PTR claims Microsoft without resolving back.
    { ip: '198.51.100.90', count: 25, dkim: 'fail', spf: 'fail', disposition: 'none' },
  ],
});

interface SenderNode {
  id: string;
  name: string;
  type: string;
  namingSource: string;
  classification: string;
  confidence: number;
  summary: string;
  approval: string;
  evidence: { code: string; text: string; share: number | null }[];
  messages: number;
  dmarcAlignedRate: number;
  ipCount: number;
  rule: string;
}

const SENDERS = `query Senders($filter: SenderFilter, $orderBy: SenderOrder, $first: Int, $after: String) {
  senders(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount truncated pageInfo { hasNextPage endCursor }
    edges { node { id name type namingSource classification confidence summary approval rule messages dmarcAlignedRate ipCount evidence { code text share } } }
  }
}`;

describe('senders over GraphQL, on hand-made reports and a real DNS server', () => {
  let dns: TestDns;
  let t: TestApp;
  const byName = new Map<string, SenderNode>();

  beforeAll(async () => {
    dns = await startTestDns(ZONE);
    t = await startTestApp({ env: { DNS_SERVERS: dns.address, DNS_TIMEOUT_MS: '1000', RATE_LIMIT_USER_PER_MINUTE: '100000' } });
    const stored = await t.graphql(`mutation($content: String!) { ingestReport(content: $content) { reports { status } } }`, { content: REPORT });
    expect(stored.errors).toBeUndefined();
    // Naming runs in the background after ingestion.
    await t.app.services.senders.naming.idle();
    const page = await t.graphql<{ senders: { edges: { node: SenderNode }[] } }>(SENDERS, { filter: { domain: 'example.com' }, first: 100 });
    expect(page.errors).toBeUndefined();
    for (const { node } of page.data!.senders.edges) byName.set(node.name, node);
  });
  afterAll(async () => {
    await t?.close();
    await dns?.stop();
  });

  it('names every sender and gives each its classification by the rules table', () => {
    const classified = Object.fromEntries([...byName.values()].map((s) => [s.name, [s.classification, s.rule]]));
    expect(classified).toEqual({
      'Google (Including Gmail and Google Workspace)': ['AUTHORIZED', 'aligned pass'],
      'Twilio SendGrid': ['MISCONFIGURED', 'service authenticating as itself'],
      Pobox: ['FORWARDER', 'known forwarder'],
      '198.51.100.60': ['FORWARDER', 'forwarding reported'],
      'uni-example.edu': ['FORWARDER', 'forwarding signature'],
      'example-project.org': ['FORWARDER', 'list server signature'],
      Rostelecom: ['UNAUTHORIZED', 'failing, not a known service'],
      'partner-corp.com': ['UNKNOWN', 'anything else'],
      '198.51.100.90': ['UNAUTHORIZED', 'failing, not a known service'],
    });
  });

  it('says why, with evidence and a confidence', () => {
    const sendgrid = byName.get('Twilio SendGrid')!;
    expect(sendgrid).toMatchObject({ type: 'ESP_MARKETING', namingSource: 'SERVICE_MAP', confidence: 0.85, messages: 40, dmarcAlignedRate: 0 });
    expect(sendgrid.summary).toBe('Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)');
    expect(sendgrid.evidence.map((e) => [e.code, e.share])).toEqual([
      ['OWN_DKIM_NOT_ALIGNED', 1],
      ['OWN_SPF_NOT_ALIGNED', 1],
      ['DMARC_ALIGNED', 0],
      ['RECEIVERS_REJECT', 1],
    ]);
    expect(byName.get('Rostelecom')).toMatchObject({ type: 'ISP_RESIDENTIAL', confidence: 0.9 });
    expect(byName.get('198.51.100.60')!.evidence.map((e) => e.code)).toEqual(['FORWARDING_REASON', 'ARC_PASS', 'DMARC_ALIGNED']);
    expect(byName.get('example-project.org')!.evidence[0]!.text).toBe('DKIM d=googlegroups.com of Google Groups');
    // Not delivered to the inbox by receivers (disposition none): less sure.
    const liar = byName.get('198.51.100.90')!;
    expect(liar).toMatchObject({ namingSource: 'NONE', confidence: 0.7 });
    expect(liar.evidence.map((e) => e.text)).toContain('reverse DNS says mail.microsoft.com, which does not resolve back (not trusted)');
    expect(byName.get('Google (Including Gmail and Google Workspace)')).toMatchObject({ confidence: 0.95, dmarcAlignedRate: 1, summary: 'Google (Including Gmail and Google Workspace) (authorized: aligned DKIM passes)' });
  });

  it('lists a domain\'s senders for other services in one call (DNS posture reads it)', async () => {
    const all = await t.app.services.senders.sendersOf('EXAMPLE.com');
    expect(all.map((s) => s.name)).toEqual([...byName.values()].sort((a, b) => b.messages - a.messages || a.id.localeCompare(b.id)).map((s) => s.name));
    expect(all.find((s) => s.name === 'Twilio SendGrid')).toMatchObject({ classification: 'MISCONFIGURED', approval: 'UNDECIDED', dkimSignatures: [{ domain: 'sendgrid.net', aligned: false }] });
    expect(await t.app.services.senders.sendersOf('example.org')).toEqual([]);
  });

  it('filters by classification and search, sorts, and pages', async () => {
    const forwarders = await t.graphql<{ senders: { totalCount: number; edges: { node: SenderNode }[] } }>(SENDERS, { filter: { classification: 'FORWARDER' } });
    expect(forwarders.data!.senders.totalCount).toBe(4);
    expect(forwarders.data!.senders.edges.map((e) => e.node.messages)).toEqual([12, 10, 8, 6]);
    const search = await t.graphql<{ senders: { edges: { node: SenderNode }[] } }>(SENDERS, { filter: { search: 'GRID' } });
    expect(search.data!.senders.edges.map((e) => e.node.name)).toEqual(['Twilio SendGrid']);
    const worstFirst = await t.graphql<{ senders: { edges: { node: SenderNode }[] } }>(SENDERS, { orderBy: { field: 'CLASSIFICATION', direction: 'DESC' }, first: 3 });
    expect(worstFirst.data!.senders.edges.map((e) => e.node.classification)).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'MISCONFIGURED']);

    const names: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: { data?: { senders: { edges: { node: SenderNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } | null } = await t.graphql(SENDERS, { orderBy: { field: 'NAME', direction: 'ASC' }, first: 4, after });
      names.push(...page.data!.senders.edges.map((e) => e.node.name));
      if (!page.data!.senders.pageInfo.hasNextPage) break;
      after = page.data!.senders.pageInfo.endCursor;
    }
    expect(names).toEqual([...byName.keys()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const bad = await t.graphql(SENDERS, { after: 'not-a-cursor' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives one sender with its addresses, their reverse DNS, its signatures and a daily series', async () => {
    const id = byName.get('Twilio SendGrid')!.id;
    const result = await t.graphql<{ sender: Record<string, unknown> }>(
      `query($id: ID!) { sender(id: $id) { name countries ipCount daily { date messages dmarcAligned } dkimSignatures { domain selector aligned messages passMessages }
         spfDomains { domain aligned passMessages } ips { ip messages reverseDns ptrName confirmedName namingSource } } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.sender).toMatchObject({
      name: 'Twilio SendGrid',
      ipCount: 1,
      dkimSignatures: [{ domain: 'sendgrid.net', selector: 's1', aligned: false, messages: 40, passMessages: 40 }],
      spfDomains: [{ domain: 'sendgrid.net', aligned: false, passMessages: 40 }],
      ips: [{ ip: '198.51.100.10', messages: 40, reverseDns: 'CONFIRMED', ptrName: 'o1.ptr1234.sendgrid.net', confirmedName: 'o1.ptr1234.sendgrid.net', namingSource: 'SERVICE_MAP' }],
    });
    expect(result.data!.sender.daily).toEqual([{ date: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10), messages: 40, dmarcAligned: 0 }]);
    const missing = await t.graphql(`query($id: ID!) { sender(id: $id) { name } }`, { id: Buffer.from(JSON.stringify(['example.org', 'service:nobody'])).toString('base64url') });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const malformed = await t.graphql(`{ sender(id: "nope") { name } }`);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('approves, rejects, clears and annotates senders, keeping who, when and why; a sender never seen cannot be approved', async () => {
    const id = byName.get('Twilio SendGrid')!.id;
    const approve = await t.graphql<{ approveSender: { approval: string; approvalDetails: { state: string; decidedBy: string; comment: string } } }>(
      `mutation($id: ID!) { approveSender(id: $id, comment: "the newsletter") { approval approvalDetails { state decidedBy comment } } }`,
      { id },
    );
    expect(approve.data!.approveSender).toEqual({ approval: 'APPROVED', approvalDetails: { state: 'APPROVED', decidedBy: 'admin@example.com', comment: 'the newsletter' } });
    await t.graphql(`mutation($id: ID!) { annotateSender(id: $id, note: "owner: marketing") { note } }`, { id });
    await t.graphql(`mutation($id: ID!) { rejectSender(id: $id, comment: "moved to Mailchimp") { approval } }`, { id });
    await t.graphql(`mutation($id: ID!) { clearSenderApproval(id: $id) { approval } }`, { id });
    await t.graphql(`mutation($id: ID!) { approveSender(id: $id) { approval } }`, { id });
    const history = await t.graphql<{ sender: { note: string; approval: string; history: Record<string, unknown>[] } }>(
      `query($id: ID!) { sender(id: $id) { note approval history { action fromState toState actor comment senderName } } }`,
      { id },
    );
    expect(history.data!.sender.note).toBe('owner: marketing');
    expect(history.data!.sender.approval).toBe('APPROVED');
    expect(history.data!.sender.history).toEqual([
      { action: 'APPROVE', fromState: null, toState: 'APPROVED', actor: 'admin@example.com', comment: 'the newsletter', senderName: 'Twilio SendGrid' },
      { action: 'ANNOTATE', fromState: 'APPROVED', toState: 'APPROVED', actor: 'admin@example.com', comment: 'owner: marketing', senderName: 'Twilio SendGrid' },
      { action: 'REJECT', fromState: 'APPROVED', toState: 'REJECTED', actor: 'admin@example.com', comment: 'moved to Mailchimp', senderName: 'Twilio SendGrid' },
      { action: 'CLEAR', fromState: 'REJECTED', toState: 'UNDECIDED', actor: 'admin@example.com', comment: null, senderName: 'Twilio SendGrid' },
      { action: 'APPROVE', fromState: 'UNDECIDED', toState: 'APPROVED', actor: 'admin@example.com', comment: null, senderName: 'Twilio SendGrid' },
    ]);
    const approved = await t.graphql<{ senders: { edges: { node: SenderNode }[] } }>(SENDERS, { filter: { approved: true } });
    expect(approved.data!.senders.edges.map((e) => e.node.name)).toEqual(['Twilio SendGrid']);
    const others = await t.graphql<{ senders: { totalCount: number } }>(SENDERS, { filter: { approved: false } });
    expect(others.data!.senders.totalCount).toBe(byName.size - 1);

    const stranger = Buffer.from(JSON.stringify(['example.com', 'service:mailchimp'])).toString('base64url');
    const refused = await t.graphql(`mutation($id: ID!) { approveSender(id: $id) { approval } }`, { id: stranger });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const viewer = await t.graphql(`mutation($id: ID!) { approveSender(id: $id) { approval } }`, { id }, { token: await t.userToken(Role.VIEWER) });
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lowers the severity of an approved sender\'s alerts, raises a rejected one\'s, and names the sender in the alert', async () => {
    const window = { windowStart: new Date(Date.now() - 7 * 86_400_000), windowEnd: new Date() };
    const anomaly = (ip: string): AnomalyView => ({
      kind: 'NEW_SENDING_IP', modelId: null, sourceIp: ip, domain: 'example.com', policyDomains: ['example.com'], score: -0.8, ...window,
      features: {}, reasons: [`${ip} never sent for example.com before`], details: [], geolocation: null, detectedAt: new Date(),
    });
    const rostelecom = byName.get('Rostelecom')!.id;
    await t.graphql(`mutation($id: ID!) { rejectSender(id: $id) { approval } }`, { id: rostelecom });
    // SendGrid is approved (previous test), Rostelecom rejected, the partner undecided.
    const outcome = await t.app.services.alerts.processDetection([anomaly('198.51.100.10'), anomaly('198.51.100.70'), anomaly('198.51.100.80')]);
    const alerts = Object.fromEntries(outcome.raised.map((a) => [a.sourceIp, a]));
    expect(alerts['198.51.100.10']!.score).toBeCloseTo(0.4);
    expect(alerts['198.51.100.10']!.reasons.at(-1)).toBe('Twilio SendGrid is an approved sender for example.com: severity lowered from 0.80');
    expect(alerts['198.51.100.70']!.score).toBeCloseTo(0.9);
    expect(alerts['198.51.100.80']!.score).toBeCloseTo(0.8);
    const listed = await t.graphql<{ alerts: { edges: { node: { sourceIp: string; score: number; sender: Record<string, unknown> } }[] } }>(
      `{ alerts(first: 10) { edges { node { sourceIp score sender { name type classification approval summary } } } } }`,
    );
    const sendgrid = listed.data!.alerts.edges.find((e) => e.node.sourceIp === '198.51.100.10')!.node;
    expect(sendgrid.sender).toEqual({ name: 'Twilio SendGrid', type: 'ESP_MARKETING', classification: 'MISCONFIGURED', approval: 'APPROVED', summary: 'Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned)' });
  });

  it('names the sender of each of the map\'s top senders, for the chosen domain and window', async () => {
    // Documentation addresses are in no country of the GeoLite2 file: place two in the US.
    await t.database.query(`UPDATE geolocation_cache SET country_code = 'US' WHERE ip IN ('198.51.100.10', '198.51.100.70')`);
    const top = await t.graphql<{ topSenders: { sourceIp: string; sender: { name: string; classification: string; approval: string } | null }[] }>(
      `{ topSenders(countryCode: "US", days: 30, domain: "example.com") { sourceIp sender { name classification approval } } }`,
    );
    expect(top.errors).toBeUndefined();
    expect(top.data!.topSenders).toEqual([
      { sourceIp: '198.51.100.70', sender: { name: 'Rostelecom', classification: 'UNAUTHORIZED', approval: 'REJECTED' } },
      { sourceIp: '198.51.100.10', sender: { name: 'Twilio SendGrid', classification: 'MISCONFIGURED', approval: 'APPROVED' } },
    ]);
  });
});

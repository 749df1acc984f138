import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidr } from '../../src/validation/ip-arguments.js';
import { capturingLogger, type CapturedLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every argument that takes an IP address or a CIDR block goes through one validator
 * (src/validation/ip-arguments.ts): what PostgreSQL's inet cannot read (an IPv6 zone id, which
 * Node's isIP accepts, leading zeros, stray text) is BAD_USER_INPUT naming the argument, never an
 * INTERNAL_SERVER_ERROR and an error log line.
 */
const NOT_ADDRESSES = ['fe80::1%eth0', 'fe80::1%25eth0', '::1%1', '010.0.0.1', '1.2.3.4 OR 1=1', '1.2.3', ''];

describe('IP and CIDR arguments', () => {
  let t: TestApp;
  let captured: CapturedLogger;
  beforeAll(async () => {
    captured = capturingLogger('info');
    t = await startTestApp({ logger: captured.logger });
  });
  afterAll(() => t.close());

  const errorLines = () => captured.lines.filter((line) => (line.level as number) >= 50);

  const ARGUMENTS: { name: string; operation: string; argument: string }[] = [
    { name: 'alerts(filter.sourceIp)', operation: 'query($v: String!) { alerts(filter: { sourceIp: $v }) { totalCount } }', argument: 'sourceIp' },
    { name: 'acknowledgeAlerts(filter.sourceIp)', operation: 'mutation($v: String!) { acknowledgeAlerts(filter: { sourceIp: $v }) }', argument: 'sourceIp' },
    { name: 'resolveAlerts(filter.sourceIp)', operation: 'mutation($v: String!) { resolveAlerts(filter: { sourceIp: $v }) }', argument: 'sourceIp' },
    { name: 'suppressAlerts(filter.sourceIp)', operation: 'mutation($v: String!) { suppressAlerts(filter: { sourceIp: $v }) }', argument: 'sourceIp' },
    { name: 'createSuppressionRule(input.ip)', operation: 'mutation($v: String!) { createSuppressionRule(input: { ip: $v }) { rule { id } } }', argument: 'ip' },
    { name: 'geoLookup(ip)', operation: 'query($v: String!) { geoLookup(ip: $v) { ip } }', argument: '' },
    { name: 'geoLookups(ips)', operation: 'query($v: String!) { geoLookups(ips: ["8.8.8.8", $v]) { ip } }', argument: '' },
  ];

  for (const { name, operation, argument } of ARGUMENTS) {
    it(`${name}: a zone id or anything that is not an address is BAD_USER_INPUT, logged as no error`, async () => {
      for (const value of NOT_ADDRESSES) {
        const result = await t.graphql(operation, { v: value });
        expect(result.errors?.[0]?.extensions?.code, `${name} with ${JSON.stringify(value)}`).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toContain(JSON.stringify(value));
        if (argument) expect(result.errors?.[0]?.message).toContain(argument);
      }
      expect(errorLines()).toEqual([]);
    });
  }

  it('createSuppressionRule(input.cidr): zone ids, bad prefixes and stray text are BAD_USER_INPUT', async () => {
    for (const cidr of ['fe80::%eth0/64', 'fe80::1%eth0/128', '203.0.113.0/33', '2001:db8::/129', '203.0.113.0/', '203.0.113.0/24/1', '203.0.113.0/+8', '203.0.113.0']) {
      const result = await t.graphql('mutation($c: String!) { createSuppressionRule(input: { cidr: $c }) { rule { id } } }', { c: cidr });
      expect(result.errors?.[0]?.extensions?.code, cidr).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain(`cidr ${JSON.stringify(cidr)}`);
    }
    expect(errorLines()).toEqual([]);
  });

  it('valid addresses and blocks are taken in every spelling PostgreSQL reads, and stored canonical', async () => {
    const listed = await t.graphql<{ alerts: { totalCount: number } }>('query($v: String!) { alerts(filter: { sourceIp: $v }) { totalCount } }', { v: '2001:DB8:0:0::1' });
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.alerts.totalCount).toBe(0);
    const byIp = await t.graphql<{ createSuppressionRule: { rule: { network: string } } }>('mutation { createSuppressionRule(input: { ip: " 2001:DB8::0001 " }) { rule { network } } }');
    expect(byIp.data!.createSuppressionRule.rule.network).toBe('2001:db8::1/128');
    const byCidr = await t.graphql<{ createSuppressionRule: { rule: { network: string } } }>('mutation { createSuppressionRule(input: { cidr: "203.0.113.77/24" }) { rule { network } } }');
    expect(byCidr.data!.createSuppressionRule.rule.network).toBe('203.0.113.0/24');
    expect(parseCidr('::ffff:192.0.2.1/120')).toMatchObject({ prefixLength: 120, text: '::ffff:192.0.2.1/120' });
  });

  describe('breadth of a suppression rule', () => {
    const create = (cidr: string, allowBroad?: boolean) =>
      t.graphql<{ createSuppressionRule: { rule: { network: string } } }>(
        'mutation($c: String!, $b: Boolean! = false) { createSuppressionRule(input: { cidr: $c }, allowBroad: $b) { rule { network } } }',
        { c: cidr, ...(allowBroad === undefined ? {} : { b: allowBroad }) },
      );

    it('a block wider than /16 (IPv4) or /32 (IPv6) is SUPPRESSION_RULE_TOO_BROAD and stores nothing', async () => {
      const before = await t.graphql<{ suppressionRules: unknown[] }>('{ suppressionRules { id } }');
      for (const cidr of ['0.0.0.0/0', '10.0.0.0/8', '198.18.0.0/15', '::/0', '2000::/3', '2001:db8::/31']) {
        const result = await create(cidr);
        expect(result.errors?.[0]?.extensions?.code, cidr).toBe('SUPPRESSION_RULE_TOO_BROAD');
        expect(result.errors?.[0]?.message).toContain('allowBroad: true');
      }
      const after = await t.graphql<{ suppressionRules: unknown[] }>('{ suppressionRules { id } }');
      expect(after.data!.suppressionRules).toHaveLength(before.data!.suppressionRules.length);
    });

    it('a /16 or /32 needs no confirmation; a wider block is stored with allowBroad: true, and logged as broad', async () => {
      expect((await create('198.51.0.0/16')).data!.createSuppressionRule.rule.network).toBe('198.51.0.0/16');
      expect((await create('2001:db8::/32')).data!.createSuppressionRule.rule.network).toBe('2001:db8::/32');
      expect((await create('0.0.0.0/0', true)).data!.createSuppressionRule.rule.network).toBe('0.0.0.0/0');
      const line = captured.lines.find((l) => l.msg === 'suppression rule created' && l.network === '0.0.0.0/0');
      expect(line).toMatchObject({ broad: true, by: 'admin@example.com' });
    });
  });
});

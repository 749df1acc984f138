import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';

export interface TestRecord {
  ip: string;
  count: number;
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
}

/**
 * The fixtures' one-record report with another reporter, id, domain, start date and records, so
 * queries over recent days and several reporters have data whose totals are known by hand.
 */
export function datedReport(options: { org: string; id: string; domain: string; begin: Date; records: TestRecord[] }): Buffer {
  const begin = Math.floor(options.begin.getTime() / 1000);
  const records = options.records.map(
    (r) =>
      `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>none</disposition>` +
      `<dkim>${r.dkim}</dkim><spf>${r.spf}</spf></policy_evaluated></row><identifiers><header_from>${options.domain}</header_from></identifiers>` +
      `<auth_results><dkim><domain>${options.domain}</domain><selector>s1</selector><result>${r.dkim}</result></dkim>` +
      `<spf><domain>${options.domain}</domain><result>${r.spf}</result></spf></auth_results></record>\n`,
  );
  return Buffer.from(
    oneRecordReport()
      .replace('<org_name>Tester</org_name>', `<org_name>${options.org}</org_name>`)
      .replace('<report_id>t-1</report_id>', `<report_id>${options.id}</report_id>`)
      .replace('<domain>example.com</domain><p>', `<domain>${options.domain}</domain><p>`)
      .replace('<begin>1700000000</begin><end>1700086399</end>', `<begin>${begin}</begin><end>${begin + 86_399}</end>`)
      .replace(/<record>[\s\S]*<\/record>\n/, records.join('')),
  );
}

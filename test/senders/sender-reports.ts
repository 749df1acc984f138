/** Hand-made aggregate reports for the sender tests: each record says exactly what a receiver saw. */

export interface HandRecord {
  readonly ip: string;
  readonly count: number;
  /** Aligned (policy-evaluated) results. */
  readonly dkim: 'pass' | 'fail';
  readonly spf: 'pass' | 'fail';
  readonly disposition?: 'none' | 'quarantine' | 'reject';
  readonly reasons?: readonly { readonly type: string; readonly comment?: string }[];
  /** Raw DKIM signatures (auth_results). */
  readonly dkimResults?: readonly { readonly domain: string; readonly selector?: string; readonly result: string }[];
  /** Raw SPF checks (auth_results). */
  readonly spfResults?: readonly { readonly domain: string; readonly result: string }[];
}

export interface HandReport {
  readonly reportId: string;
  readonly domain?: string;
  readonly policy?: 'none' | 'quarantine' | 'reject';
  /** Start of the report's day (default: two days ago). */
  readonly begin?: Date;
  readonly orgName?: string;
  readonly records: readonly HandRecord[];
}

const DAY_MS = 86_400_000;

export function handReport(report: HandReport): string {
  const domain = report.domain ?? 'example.com';
  const begin = Math.floor((report.begin ?? new Date(Date.now() - 2 * DAY_MS)).getTime() / 1000);
  const records = report.records.map((r) => {
    const reasons = (r.reasons ?? []).map((reason) => `<reason><type>${reason.type}</type>${reason.comment ? `<comment>${reason.comment}</comment>` : ''}</reason>`).join('');
    const dkim = (r.dkimResults ?? []).map((d) => `<dkim><domain>${d.domain}</domain>${d.selector ? `<selector>${d.selector}</selector>` : ''}<result>${d.result}</result></dkim>`).join('');
    const spf = (r.spfResults ?? [{ domain, result: r.spf }]).map((s) => `<spf><domain>${s.domain}</domain><result>${s.result}</result></spf>`).join('');
    return (
      `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>${r.disposition ?? (r.dkim === 'pass' || r.spf === 'pass' ? 'none' : (report.policy ?? 'reject'))}</disposition>` +
      `<dkim>${r.dkim}</dkim><spf>${r.spf}</spf>${reasons}</policy_evaluated></row>` +
      `<identifiers><header_from>${domain}</header_from></identifiers><auth_results>${dkim}${spf}</auth_results></record>`
    );
  });
  return `<?xml version="1.0"?>
<feedback><version>1.0</version>
<report_metadata><org_name>${report.orgName ?? 'google.com'}</org_name><email>noreply@google.com</email><report_id>${report.reportId}</report_id>
<date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata>
<policy_published><domain>${domain}</domain><adkim>r</adkim><aspf>r</aspf><p>${report.policy ?? 'reject'}</p></policy_published>
${records.join('\n')}
</feedback>
`;
}

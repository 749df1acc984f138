import type { GeneratedTraffic } from '../anomaly-detection/traffic/index.js';
import type { DemoSender } from './demo-senders.js';

/**
 * The XML text of one aggregate report per generated report (RFC 7489 appendix C), in order. With
 * `senders`, each record says what its sender does: a misconfigured service's own DKIM and SPF
 * pass unaligned (so DMARC fails and receivers apply the policy), a mailing list is reported so.
 */
export function* reportDocuments(traffic: GeneratedTraffic, senders: ReadonlyMap<string, DemoSender> = new Map()): Generator<{ filename: string; xml: string }> {
  const rowsByReport: number[][] = traffic.reports.map(() => []);
  for (let i = 0; i < traffic.records.length; i++) rowsByReport[traffic.records.reportIndex[i]!]!.push(i);
  const r = traffic.records;
  for (const [index, report] of traffic.reports.entries()) {
    const records = rowsByReport[index]!.map((i) => {
      const sender = senders.get(r.sourceIp[i]!);
      const own = sender?.ownDomain;
      // A misconfigured service: its own signature and return path pass, neither aligned; receivers apply the policy.
      const dkim = own ? 'fail' : r.dkimAligned[i]!;
      const spf = own ? 'fail' : r.spfAligned[i]!;
      const disposition = own ? (report.policyP === 'none' ? 'none' : report.policyP) : r.disposition[i]!;
      const envelope = own ? `bounces.${own}` : r.envelopeFrom[i]!;
      const reason = sender?.mailingList ? '<reason><type>mailing_list</type></reason>' : '';
      return (
        `<record><row><source_ip>${r.sourceIp[i]}</source_ip><count>${r.count[i]}</count>` +
        `<policy_evaluated><disposition>${disposition}</disposition><dkim>${dkim}</dkim><spf>${spf}</spf>${reason}</policy_evaluated></row>` +
        `<identifiers><header_from>${escape(r.headerFrom[i]!)}</header_from><envelope_from>${escape(envelope)}</envelope_from></identifiers>` +
        `<auth_results><dkim><domain>${escape(own ?? report.policyDomain)}</domain><selector>s1</selector><result>${own ? 'pass' : dkim}</result></dkim>` +
        `<spf><domain>${escape(envelope)}</domain><result>${own ? 'pass' : spf}</result></spf></auth_results></record>`
      );
    });
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<feedback><version>1.0</version>` +
      `<report_metadata><org_name>${escape(report.orgName)}</org_name><email>noreply-dmarc@${reporterHost(report.orgName)}</email>` +
      `<report_id>${escape(report.reportId)}</report_id><date_range><begin>${seconds(report.dateBegin)}</begin><end>${seconds(report.dateEnd)}</end></date_range></report_metadata>` +
      `<policy_published><domain>${escape(report.policyDomain)}</domain><adkim>r</adkim><aspf>r</aspf><p>${report.policyP}</p><sp>${report.policyP}</sp><pct>100</pct></policy_published>` +
      `${records.join('\n')}</feedback>\n`;
    yield { filename: `${report.reportId}.xml`, xml };
  }
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function reporterHost(orgName: string): string {
  return `${orgName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.example`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

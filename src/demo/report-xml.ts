import type { GeneratedTraffic } from '../anomaly-detection/traffic/index.js';

/** The XML text of one aggregate report per generated report (RFC 7489 appendix C), in order. */
export function* reportDocuments(traffic: GeneratedTraffic): Generator<{ filename: string; xml: string }> {
  const rowsByReport: number[][] = traffic.reports.map(() => []);
  for (let i = 0; i < traffic.records.length; i++) rowsByReport[traffic.records.reportIndex[i]!]!.push(i);
  const r = traffic.records;
  for (const [index, report] of traffic.reports.entries()) {
    const records = rowsByReport[index]!.map((i) => {
      const dkim = r.dkimAligned[i]!;
      const spf = r.spfAligned[i]!;
      const envelope = r.envelopeFrom[i]!;
      return (
        `<record><row><source_ip>${r.sourceIp[i]}</source_ip><count>${r.count[i]}</count>` +
        `<policy_evaluated><disposition>${r.disposition[i]}</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row>` +
        `<identifiers><header_from>${escape(r.headerFrom[i]!)}</header_from><envelope_from>${escape(envelope)}</envelope_from></identifiers>` +
        `<auth_results><dkim><domain>${escape(report.policyDomain)}</domain><selector>s1</selector><result>${dkim}</result></dkim>` +
        `<spf><domain>${escape(envelope)}</domain><result>${spf}</result></spf></auth_results></record>`
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

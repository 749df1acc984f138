import type { DmarcRecord, ReportHeader } from '../types.js';

/**
 * Rows in the shape the SQL of report-sql.ts reads. The columns of dmarc_auth_results.domain are
 * NOT NULL while a reporter may omit an auth result's domain: stored as '' ("not stated").
 */
export function recordBatchJson(records: readonly DmarcRecord[]): string {
  return JSON.stringify(
    records.map((record) => ({
      source_ip: record.sourceIp,
      count: record.count,
      disposition: record.disposition,
      dkim: record.dkim,
      spf: record.spf,
      reasons: record.reasons,
      header_from: record.headerFrom,
      envelope_from: record.envelopeFrom,
      envelope_to: record.envelopeTo,
      auth: [
        ...record.dkimResults.map((r) => ({ method: 'dkim', domain: r.domain ?? '', selector: r.selector, scope: null, result: r.result, human_result: r.humanResult })),
        ...record.spfResults.map((r) => ({ method: 'spf', domain: r.domain ?? '', selector: null, scope: r.scope, result: r.result, human_result: null })),
      ],
    })),
  );
}

/** Parameters $1..$20 of insertReportSql. */
export function reportRowParams(header: ReportHeader, contentSha256: string | null): unknown[] {
  const { metadata: m, policy: p } = header;
  return [
    m.schemaVersion, m.orgName, m.email, m.extraContactInfo, m.reportId, m.begin, m.end, JSON.stringify(m.errors), m.generator,
    p.domain, p.adkim, p.aspf, p.p, p.sp, p.np, p.pct, p.fo, p.testing, p.discoveryMethod, contentSha256,
  ];
}

import type { DmarcRecord } from '../../entities/dmarc-record.entity.js';
import type { DmarcReport } from '../../entities/dmarc-report.entity.js';
import type { RecordView, ReportView } from './report-views.js';

export function toReportView(r: DmarcReport): ReportView {
  return {
    id: r.id,
    schemaVersion: r.schemaVersion,
    orgName: r.orgName,
    orgEmail: r.orgEmail ?? null,
    extraContactInfo: r.extraContactInfo ?? null,
    reportId: r.reportId,
    dateBegin: r.dateBegin,
    dateEnd: r.dateEnd,
    errors: r.errors,
    generator: r.generator ?? null,
    policy: {
      domain: r.policyDomain,
      adkim: r.policyAdkim ?? null,
      aspf: r.policyAspf ?? null,
      p: r.policyP ?? null,
      sp: r.policySp ?? null,
      np: r.policyNp ?? null,
      pct: r.policyPct ?? null,
      fo: r.policyFo ?? null,
      testing: r.policyTesting ?? null,
      discoveryMethod: r.policyDiscoveryMethod ?? null,
    },
    recordCount: r.recordCount,
    messageCount: r.messageCount,
    warnings: r.warnings,
    contentSha256: r.contentSha256 ?? null,
    ingestedAt: r.ingestedAt,
  };
}

/** The record with its auth results. */
export function toRecordView(r: DmarcRecord): RecordView {
  return {
    id: r.id,
    sourceIp: r.sourceIp,
    count: r.count,
    disposition: r.disposition ?? null,
    dkimAligned: r.dkimAligned ?? null,
    spfAligned: r.spfAligned ?? null,
    reasons: r.reasons.map((reason) => ({ type: reason.type, comment: reason.comment ?? null })),
    headerFrom: r.headerFrom ?? null,
    envelopeFrom: r.envelopeFrom ?? null,
    envelopeTo: r.envelopeTo ?? null,
    authResults: r.authResults.map((a) => ({
      method: a.method,
      domain: a.domain ?? '',
      selector: a.selector ?? null,
      scope: a.scope ?? null,
      result: a.result,
      humanResult: a.human_result ?? null,
    })),
  };
}

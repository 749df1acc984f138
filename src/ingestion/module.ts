import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import type { QuarantineStore } from '../quarantine/quarantine-store.js';
import { ReportIngestionService } from './storage/index.js';

/**
 * The one report ingester, shared by POST /reports, the ingestReport mutation, the mailbox and
 * `dmarc-analytics ingest`, so a report has the same effects whichever way it came: refused files
 * are kept in the quarantine, with RAW_REPORT_RETENTION stored reports keep their received file,
 * failure reports keep what FAILURE_SAMPLE_CONTENT and FAILURE_LOCAL_PARTS allow, and each new
 * report emits `reportIngested`, `failureReportIngested` or `tlsReportIngested`.
 */
export function ingestionModule(context: ConcernContext, quarantine: QuarantineStore): ConcernModule<{ ingestion: ReportIngestionService }> {
  const { em, logger, config, events } = context;
  const ingestion = new ReportIngestionService(em, logger, {
    quarantine,
    events,
    failurePrivacy: config.failureReports,
    ...(config.rawReports.retention ? { rawRetention: { maxBytes: config.rawReports.maxBytes } } : {}),
  });
  return { name: 'ingestion', provides: { ingestion } };
}

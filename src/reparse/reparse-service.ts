import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../database/raw-sql.js';
import { IngestionError } from '../ingestion/errors.js';
import { streamReportEvents } from '../ingestion/parse-report.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import { rewriteReport, skipToEnd } from '../ingestion/storage/report-writer.js';
import type { Logger } from '../logging/logger.js';
import { unpackFile } from '../received-files/packed-file.js';
import { countLinkedFilesSql, linkedFilesSql, linkedReportsSql, rawFileContentSql } from './reparse-sql.js';

export interface ReparseProgress {
  readonly files: number;
  readonly totalFiles: number;
  /** Reports rebuilt so far. */
  readonly reports: number;
  /** Files the current parser refuses (their reports keep their old records). */
  readonly failedFiles: number;
}

export interface ReparseSummary extends ReparseProgress {
  readonly records: number;
  readonly failures: readonly { readonly file: string; readonly code: string; readonly message: string }[];
}

const PAGE = 100;

interface LinkedReport {
  id: string;
  org_name: string;
  report_id: string;
  policy_domain: string;
}

/**
 * Rebuilds the records of stored reports from their kept files (RAW_REPORT_RETENTION) with the
 * current parser, after a parser fix: each report in one transaction (columns and records
 * replaced together), one file in memory at a time. Reports stored without their file are left
 * as they are.
 */
export class ReparseService {
  constructor(
    private readonly em: EntityManager,
    private readonly ingestion: ReportIngestionService,
    private readonly logger: Logger,
  ) {}

  async reparseAll(onProgress: (progress: ReparseProgress) => void = () => {}): Promise<ReparseSummary> {
    const [total] = await selectRows<{ count: number }>(this.em.fork(), countLinkedFilesSql);
    const state = { files: 0, totalFiles: total?.count ?? 0, reports: 0, failedFiles: 0, records: 0 };
    const failures: { file: string; code: string; message: string }[] = [];
    let after = 0;
    for (;;) {
      const files = await selectRows<{ id: string; filename: string; compression: string }>(this.em.fork(), linkedFilesSql, [after, PAGE]);
      if (files.length === 0) break;
      for (const file of files) {
        after = Number(file.id);
        try {
          const rebuilt = await this.reparseFile(after, file.filename, file.compression);
          state.reports += rebuilt.reports;
          state.records += rebuilt.records;
        } catch (error) {
          if (!(error instanceof IngestionError)) throw error;
          state.failedFiles++;
          failures.push({ file: file.filename, code: error.code, message: error.message });
          this.logger.warn({ file: file.filename, code: error.code, reason: error.message }, 'reparse: the current parser refuses this file; its reports keep their records');
        }
        state.files++;
        onProgress({ ...state });
      }
    }
    this.logger.info({ ...state }, 'reparse done');
    return { ...state, failures };
  }

  private async reparseFile(fileId: number, filename: string, compression: string): Promise<{ reports: number; records: number }> {
    const [row] = await selectRows<{ content: Buffer }>(this.em.fork(), rawFileContentSql, [fileId]);
    const linked = await selectRows<LinkedReport>(this.em.fork(), linkedReportsSql, [fileId]);
    if (row === undefined || linked.length === 0) return { reports: 0, records: 0 };
    const byIdentity = new Map(linked.map((r) => [identityKey(r.org_name, r.report_id, r.policy_domain), Number(r.id)]));
    let reports = 0;
    let records = 0;
    let index = 0;
    const events = streamReportEvents(unpackFile(compression, row.content), { filename });
    try {
      for (;;) {
        const next = await events.next();
        if (next.done) break;
        if (next.value.type !== 'header') continue;
        const { header } = next.value;
        // A parser fix may change a report's identity (an org name it now reads): a file that gave
        // one report still maps to that report.
        const id = byIdentity.get(identityKey(header.metadata.orgName, header.metadata.reportId, header.policy.domain)) ??
          (linked.length === 1 && index === 0 ? Number(linked[0]!.id) : undefined);
        index++;
        if (id === undefined) {
          await skipToEnd(events);
          continue;
        }
        const stored = await rewriteReport(this.em, id, header, events);
        await this.ingestion.announce(stored);
        reports++;
        records += stored.records;
      }
    } finally {
      await events.return(undefined);
    }
    return { reports, records };
  }
}

function identityKey(orgName: string, reportId: string, policyDomain: string): string {
  return JSON.stringify([orgName, reportId, policyDomain]);
}

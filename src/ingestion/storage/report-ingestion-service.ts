import { createReadStream } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows } from '../../database/raw-sql.js';
import type { Logger } from '../../logging/logger.js';
import { IngestionError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { streamReportEvents } from '../parse-report.js';
import type { FileIngestionResult, IngestedReportHook, IngestionFailure, StoredReport } from './ingestion-result.js';
import { reportSourceIpsSql } from './report-sql.js';
import { writeReport } from './report-writer.js';

export interface ReportIngestionOptions {
  readonly limits?: Partial<IngestionLimits>;
  /** Records per COPY statement (and held in memory at once). */
  readonly batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 2_000;

/**
 * Reads DMARC report files (any container the parser knows) into PostgreSQL, each report in one
 * transaction, each report once. Refused input is described in the result, never thrown; errors
 * of the database itself are thrown (they are not the file's fault).
 */
export class ReportIngestionService {
  /** Called after each newly stored report is committed; later features subscribe here. */
  readonly onIngested: IngestedReportHook[] = [];

  /** `em` is the root EntityManager: each report is written on a fork of its own. */
  constructor(
    private readonly em: EntityManager,
    private readonly logger: Logger,
    private readonly options: ReportIngestionOptions = {},
  ) {}

  ingestFile(path: string): Promise<FileIngestionResult> {
    return this.ingest(createReadStream(path, { highWaterMark: 256 * 1024 }), path);
  }

  ingestBuffer(buffer: Uint8Array, filename: string): Promise<FileIngestionResult> {
    return this.ingest(buffer, filename);
  }

  private async ingest(input: Uint8Array | AsyncIterable<Uint8Array>, file: string): Promise<FileIngestionResult> {
    const reports: StoredReport[] = [];
    const events = streamReportEvents(input, {
      filename: file,
      batchSize: this.options.batchSize ?? DEFAULT_BATCH_SIZE,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
    });
    try {
      for (;;) {
        const next = await events.next();
        if (next.done) break;
        if (next.value.type !== 'header') continue; // a report always starts with its header
        const stored = await writeReport(this.em.fork(), next.value.header, events);
        reports.push(stored);
        this.logger.info({ file, ...stored }, stored.status === 'ingested' ? 'report stored' : 'report already stored');
        if (stored.status === 'ingested') await this.notify(stored);
      }
      return { file, reports };
    } catch (error) {
      const failure = describeRefusal(error);
      if (failure === undefined) throw error;
      this.logger.warn({ file, code: failure.code, reason: failure.message }, 'report file refused');
      return { file, reports, error: failure };
    } finally {
      await events.return(undefined);
    }
  }

  /**
   * The report's addresses are read back from the database for the subscribers rather than
   * gathered while storing: storing keeps nothing per record beyond the batch in hand.
   */
  private async notify(report: StoredReport): Promise<void> {
    if (this.onIngested.length === 0) return;
    let sourceIps: string[];
    try {
      sourceIps = (await selectRows<{ ip: string }>(this.em.fork(), reportSourceIpsSql, [report.id])).map((row) => row.ip);
    } catch (error) {
      // As with a failing subscriber: the report is stored and stays so.
      this.logger.error({ err: error, reportId: report.id }, 'could not read the new report\'s addresses for onIngested subscribers');
      return;
    }
    for (const hook of this.onIngested) {
      try {
        await hook({ reportId: report.id, policyDomain: report.policyDomain, sourceIps });
      } catch (error) {
        // A subscriber's failure must not undo or hide a stored report.
        this.logger.error({ err: error, reportId: report.id }, 'onIngested subscriber failed');
      }
    }
  }
}

/** The file's fault (bad data, unreadable file) as a result entry; undefined for anything else. */
function describeRefusal(error: unknown): IngestionFailure | undefined {
  if (error instanceof IngestionError) return { code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof errno === 'string' && ['ENOENT', 'EACCES', 'EISDIR', 'EPERM'].includes(errno)) {
    return { code: 'UNREADABLE_FILE', message: (error as Error).message };
  }
  return undefined;
}

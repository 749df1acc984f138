import type { EntityManager } from '@mikro-orm/postgresql';
import { selectRows, type CopyTransaction } from '../../database/raw-sql.js';
import { DomainEvents } from '../../events/domain-events.js';
import type { Logger } from '../../logging/logger.js';
import type { QuarantineStore } from '../../quarantine/quarantine-store.js';
import { packFile, type PackedFile } from '../../received-files/packed-file.js';
import { fileInMemory, fileOnDisk, type IngestChannel, type IngestOrigin, type ReceivedFile } from '../../received-files/received-file.js';
import { IngestionError } from '../errors.js';
import { defaultFailurePrivacy, type FailurePrivacy } from '../failure/redaction.js';
import type { IngestionLimits } from '../limits.js';
import { streamReportEvents } from '../parse-report.js';
import { writeFailureReport } from './failure-report-writer.js';
import { storedCount, type FileIngestionResult, type IngestionFailure, type StoredFailureReport, type StoredReport, type StoredTlsReport } from './ingestion-result.js';
import { findRawFileSql, keepRawFileSql, linkRawFileSql } from './raw-file-sql.js';
import { reportSourceIpsSql } from './report-sql.js';
import { writeReport } from './report-writer.js';
import { writeTlsReport } from './tls-report-writer.js';

export interface ReportIngestionOptions {
  readonly limits?: Partial<IngestionLimits>;
  /** Records per COPY statement (and held in memory at once). */
  readonly batchSize?: number;
  /** Keeps every refused file (refused_reports); without it a refused file is only described. */
  readonly quarantine?: QuarantineStore;
  /** Keeps the received file of stored reports (raw_report_files), up to maxBytes compressed. */
  readonly rawRetention?: { readonly maxBytes: number };
  /** What is kept of failure reports (FAILURE_SAMPLE_CONTENT, FAILURE_LOCAL_PARTS); headers only, local parts redacted by default. */
  readonly failurePrivacy?: FailurePrivacy;
  /** Where `reportIngested`, `failureReportIngested` and `tlsReportIngested` are emitted after each new report's commit, and `fileIngested` after each file (nothing hears them without). */
  readonly events?: DomainEvents;
}

const DEFAULT_BATCH_SIZE = 2_000;

/**
 * Reads DMARC report files (any container the parser knows) into PostgreSQL: aggregate, failure and
 * SMTP TLS reports, each report in one transaction, each report once. Refused input is described
 * in the result, never thrown; errors of the database itself are thrown (they are not the file's fault).
 */
export class ReportIngestionService {
  readonly #events: DomainEvents;

  /** `em` is the root EntityManager: each report is written on a fork of its own. */
  #inProgress = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly logger: Logger,
    private readonly options: ReportIngestionOptions = {},
  ) {
    this.#events = options.events ?? new DomainEvents(logger);
  }

  /** A file on disk, streamed (never whole in memory). `channel` says which entry point received it. */
  ingestFile(path: string, channel: IngestChannel = 'cli'): Promise<FileIngestionResult> {
    return this.ingestReceived(fileOnDisk(path), { channel, name: path });
  }

  ingestBuffer(buffer: Uint8Array, filename: string, channel: IngestChannel = 'cli'): Promise<FileIngestionResult> {
    return this.ingestReceived(fileInMemory(buffer, filename), { channel, name: filename });
  }

  /**
   * Stores every report of the file. With raw retention the file is packed (read once more when
   * on disk, compressed on libuv's threads) while it is parsed, and linked to each report in the
   * report's own transaction; a refused file goes to the quarantine, and its result names the row.
   */
  async ingestReceived(file: ReceivedFile, origin: IngestOrigin, options: { readonly keepRefused?: boolean } = {}): Promise<FileIngestionResult> {
    this.#inProgress += 1;
    try {
      const started = performance.now();
      const input = countingBytes(file.open());
      const result = await this.#ingestReceived(file, input.bytes, origin, options);
      if (this.#events.hasReactions('fileIngested')) {
        await this.#events.emit('fileIngested', { channel: origin.channel, bytes: input.count(), durationMs: performance.now() - started, result });
      }
      return result;
    } finally {
      this.#inProgress -= 1;
    }
  }

  /** Files being ingested now: background work (sender naming) waits for a pause. */
  get inProgress(): number {
    return this.#inProgress;
  }

  async #ingestReceived(file: ReceivedFile, input: Uint8Array | AsyncIterable<Uint8Array>, origin: IngestOrigin, options: { readonly keepRefused?: boolean }): Promise<FileIngestionResult> {
    const retention = this.options.rawRetention;
    // An unreadable file is refused by the parse below; packing it has nothing to add.
    const packing = retention === undefined ? undefined : packFile(file, retention.maxBytes).catch(() => undefined);
    const result = await this.ingest(input, file.name, packing).finally(() => packing);
    const packed = await packing;
    if (packed?.content === null) {
      this.logger.warn({ file: origin.name, sizeBytes: packed.sizeBytes, maxBytes: retention?.maxBytes }, 'file too large to keep for reparse (RAW_REPORT_MAX_BYTES); its reports are stored without it');
    }
    if (result.error !== undefined) {
      if (this.options.quarantine === undefined || options.keepRefused === false || result.error.code === 'UNREADABLE_FILE') return result;
      const refusedReportId = await this.options.quarantine.keep(file, origin, result.error, packed);
      return { ...result, refusedReportId };
    }
    // A refused file that now gives reports of any kind (a failure report refused before this reader existed) is re-ingested.
    if (packed !== undefined && storedCount(result).ingested + storedCount(result).duplicates > 0) {
      await this.options.quarantine?.markIngested(packed.sha256, result.reports.map((r) => r.id));
    }
    return result;
  }

  private async ingest(input: Uint8Array | AsyncIterable<Uint8Array>, file: string, packing: Promise<PackedFile | undefined> | undefined): Promise<FileIngestionResult> {
    const reports: StoredReport[] = [];
    const failureReports: StoredFailureReport[] = [];
    const tlsReports: StoredTlsReport[] = [];
    // Set once the first report's transaction has kept the file: later reports only link it.
    let rawFileId: number | undefined;
    const keepRaw = packing === undefined ? undefined : async (tx: CopyTransaction): Promise<number | null> => {
      const raw = await packing;
      if (raw?.content == null) return null; // over the cap (or unreadable): stored without its file
      rawFileId ??= await keepRawFile(tx, raw, file);
      return rawFileId;
    };
    const linkRaw = keepRaw === undefined ? undefined : async (tx: CopyTransaction, stored: StoredReport) => {
      const id = await keepRaw(tx);
      if (id !== null) await tx.query(linkRawFileSql, [stored.id, id]);
    };
    const events = streamReportEvents(input, {
      filename: file,
      batchSize: this.options.batchSize ?? DEFAULT_BATCH_SIZE,
      ...(this.options.limits ? { limits: this.options.limits } : {}),
    });
    try {
      for (;;) {
        const next = await events.next();
        if (next.done) break;
        const event = next.value;
        if (event.type === 'tls') {
          const stored = await writeTlsReport(this.em.fork(), event.report, event.contentSha256, keepRaw);
          tlsReports.push(stored);
          this.logger.info({ file, ...stored }, stored.status === 'ingested' ? 'TLS report stored' : 'TLS report already stored');
          if (stored.status === 'ingested') await this.#events.emit('tlsReportIngested', { tlsReportId: stored.id, policyDomains: stored.policyDomains });
          continue;
        }
        if (event.type === 'failure') {
          const stored = await writeFailureReport(this.em.fork(), event.report, event.contentSha256, this.options.failurePrivacy ?? defaultFailurePrivacy, keepRaw);
          failureReports.push(stored);
          // Never the addresses or the sample in the log: the domain, the source and the id say which report it is.
          this.logger.info({ file, status: stored.status, id: stored.id, reportedDomain: stored.reportedDomain, sourceIp: stored.sourceIp }, stored.status === 'ingested' ? 'failure report stored' : 'failure report already stored');
          if (stored.status === 'ingested') {
            await this.#events.emit('failureReportIngested', { failureReportId: stored.id, reportedDomain: stored.reportedDomain, sourceIp: stored.sourceIp, arrivalDate: stored.arrivalDate });
          }
          continue;
        }
        if (event.type !== 'header') continue; // an aggregate report always starts with its header
        const stored = await writeReport(this.em.fork(), event.header, events, linkRaw);
        reports.push(stored);
        this.logger.info({ file, ...stored }, stored.status === 'ingested' ? 'report stored' : 'report already stored');
        if (stored.status === 'ingested') await this.announce(stored);
      }
      return { file, reports, failureReports, tlsReports };
    } catch (error) {
      const failure = describeRefusal(error);
      if (failure === undefined) throw error;
      this.logger.warn({ file, code: failure.code, reason: failure.message }, 'report file refused');
      return { file, reports, failureReports, tlsReports, error: failure };
    } finally {
      await events.return(undefined);
    }
  }

  /**
   * Emits `reportIngested` for a new (or rebuilt) report, and waits for its reactions (new addresses
   * geolocated, heatmaps dropped: see src/app/reactions.ts), so a caller that gets the result sees
   * them done. The addresses are read back from the database rather than gathered while storing:
   * storing keeps nothing per record beyond the batch in hand.
   */
  async announce(report: StoredReport): Promise<void> {
    if (!this.#events.hasReactions('reportIngested')) return;
    let sourceIps: string[];
    try {
      sourceIps = (await selectRows<{ ip: string }>(this.em.fork(), reportSourceIpsSql, [report.id])).map((row) => row.ip);
    } catch (error) {
      // As with a failing reaction: the report is stored and stays so.
      this.logger.error({ err: error, reportId: report.id }, 'could not read the new report\'s addresses for the reportIngested reactions');
      return;
    }
    await this.#events.emit('reportIngested', { reportId: report.id, policyDomain: report.policyDomain, sourceIps });
  }
}

async function keepRawFile(tx: CopyTransaction, raw: PackedFile, filename: string): Promise<number> {
  const [row] = await tx.query<{ id: string }>(keepRawFileSql, [raw.sha256, filename, raw.sizeBytes, raw.compression, raw.content]);
  // Inserted by a concurrent transaction after this statement's snapshot: visible to the next one.
  const id = row?.id ?? (await tx.query<{ id: string }>(findRawFileSql, [raw.sha256]))[0]?.id;
  if (id === undefined) throw new Error(`received file ${raw.sha256} conflicted but cannot be found`);
  return Number(id);
}

/** The input as the parser reads it, counting its bytes on the way (a file on disk is streamed). */
function countingBytes(input: Uint8Array | AsyncIterable<Uint8Array>): { readonly bytes: Uint8Array | AsyncIterable<Uint8Array>; count(): number } {
  if (input instanceof Uint8Array) return { bytes: input, count: () => input.length };
  const chunks: AsyncIterable<Uint8Array> = input;
  let count = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      count += chunk.length;
      yield chunk;
    }
  }
  return { bytes: counted(), count: () => count };
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

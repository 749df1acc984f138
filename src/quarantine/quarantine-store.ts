import type { EntityManager } from '@mikro-orm/postgresql';
import { executeStatement, selectRows } from '../database/raw-sql.js';
import type { IngestionFailure } from '../ingestion/storage/ingestion-result.js';
import type { Logger } from '../logging/logger.js';
import { cursorCodec, cursorField } from '../pagination/cursor.js';
import { pageOf, pageSize, type Page, type PageRequest } from '../pagination/page.js';
import { packFile, type PackedFile } from '../received-files/packed-file.js';
import type { IngestOrigin, ReceivedFile } from '../received-files/received-file.js';
import {
  countRefusedSql, getRefusedSql, keepRefusedSql, listRefusedSql, markReingestedSql, pendingRefusedIdsSql, recordAttemptSql, refusedContentSql,
} from './quarantine-sql.js';
import { refusedReportView, type RefusedReportRow, type RefusedReportView } from './refused-report-view.js';

export const MAX_REFUSED_PAGE = 100;

/** Position in the quarantine, newest first: the row's id. */
const refusedCursor = cursorCodec<{ id: number }>({ id: cursorField.integer });

export interface RefusedContent {
  readonly sourceName: string;
  readonly compression: string;
  readonly content: Buffer;
}

/**
 * The refused_reports table: every refused file, compressed, capped at `maxBytes` compressed (above:
 * metadata only), one row per distinct file. Each call forks the root EntityManager.
 */
export class QuarantineStore {
  constructor(
    private readonly em: EntityManager,
    private readonly logger: Logger,
    readonly maxBytes: number,
  ) {}

  /**
   * Keeps a refused file. `packed` is reused when the ingester already packed the file (raw
   * retention) and kept its bytes within this cap; otherwise the file is read again.
   */
  async keep(file: ReceivedFile, origin: IngestOrigin, failure: IngestionFailure, packed?: PackedFile): Promise<number> {
    const usable = packed !== undefined && packed.content !== null && packed.content.length <= this.maxBytes;
    const kept = usable ? packed : await packFile(file, this.maxBytes);
    const [row] = await selectRows<{ id: string }>(this.em.fork(), keepRefusedSql, [
      kept.sha256, origin.channel, origin.name, failure.code, failure.message, kept.sizeBytes,
      kept.content === null ? null : kept.compression, kept.content,
    ]);
    const id = Number(row!.id);
    this.logger.info(
      { refusedReportId: id, source: origin.channel, name: origin.name, code: failure.code, sizeBytes: kept.sizeBytes, contentKept: kept.content !== null },
      'refused file kept in quarantine',
    );
    return id;
  }

  /** A file refused before was stored now: its quarantine row says so, with the reports it gave. */
  async markIngested(sha256: string, reportIds: readonly number[]): Promise<void> {
    const changed = await executeStatement(this.em.fork(), markReingestedSql, [sha256, JSON.stringify(reportIds)]);
    if (changed > 0) this.logger.info({ sha256, reportIds }, 'a refused file was ingested after all');
  }

  /** A re-ingestion that was refused again: the row shows the current parser's reason. */
  async recordAttempt(id: number, failure: IngestionFailure): Promise<void> {
    await executeStatement(this.em.fork(), recordAttemptSql, [id, failure.code, failure.message]);
  }

  /** Newest first, keyset-paginated. */
  async list(page: PageRequest): Promise<Page<RefusedReportView>> {
    const first = pageSize(page, MAX_REFUSED_PAGE);
    const after = page.after ? refusedCursor.decode(page.after).id : Number.MAX_SAFE_INTEGER;
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      selectRows<RefusedReportRow>(em, listRefusedSql, [first + 1, after]),
      selectRows<{ count: number }>(em, countRefusedSql),
    ]);
    return pageOf(rows.map(refusedReportView), first, count?.count ?? 0, refusedCursor.encode, (view) => view);
  }

  async get(id: number): Promise<RefusedReportView | null> {
    const [row] = await selectRows<RefusedReportRow>(this.em.fork(), getRefusedSql, [id]);
    return row === undefined ? null : refusedReportView(row);
  }

  /** The kept bytes (compressed); null when there is no such row or its bytes were not kept. */
  async content(id: number): Promise<RefusedContent | null> {
    const [row] = await selectRows<{ source_name: string; compression: string | null; content: Buffer | null }>(this.em.fork(), refusedContentSql, [id]);
    if (row === undefined || row.content === null || row.compression === null) return null;
    return { sourceName: row.source_name, compression: row.compression, content: row.content };
  }

  /** Ids of files not re-ingested yet whose bytes are kept, oldest first, `first` at a time after `afterId`. */
  async pendingIds(first: number, afterId: number): Promise<number[]> {
    const rows = await selectRows<{ id: string }>(this.em.fork(), pendingRefusedIdsSql, [first, afterId]);
    return rows.map((row) => Number(row.id));
  }
}

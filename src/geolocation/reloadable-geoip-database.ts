import type { Reader, Response } from 'maxmind';
import type { Logger } from '../logging/logger.js';
import { GeoipUnavailableError, type GeoipDatabaseRole } from './errors.js';
import { watchFileReplacement, type FileWatch } from './file-replacement-watcher.js';
import { openGeoipDatabase, type GeoipDatabase, type GeoipDatabaseInfo } from './geoip-database.js';

export type GeoipDatabaseStatus =
  | {
      readonly state: 'ready';
      readonly role: GeoipDatabaseRole;
      readonly path: string;
      readonly info: GeoipDatabaseInfo;
      readonly loadedAt: Date;
      /** The last reload failed (file replaced by a corrupt one, deleted...): the previous data is still served. */
      readonly lastReloadError: string | null;
    }
  | {
      readonly state: 'unavailable';
      readonly role: GeoipDatabaseRole;
      readonly path: string;
      readonly error: string;
    };

export interface ReloadOptions {
  readonly logger: Logger;
  /** Reload when the file is replaced on disk. */
  readonly watch: boolean;
  readonly reloadDebounceMs: number;
  readonly decoderCacheSize: number;
}

type ReloadListener = (status: GeoipDatabaseStatus) => void;

/**
 * One MaxMind file that can be swapped while lookups go on. Opening never throws: a bad file
 * leaves the database `unavailable` and lookups get GeoipUnavailableError until a good file
 * appears. Once loaded, a failed reload keeps the previous data rather than dropping service.
 */
export class ReloadableGeoipDatabase<T extends Response> {
  private current: GeoipDatabase<T> | undefined;
  private loadedAt = new Date(0);
  private failure: Error | undefined;
  private pending: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<ReloadListener>();
  private readonly fileWatch: FileWatch | undefined;

  private constructor(
    readonly role: GeoipDatabaseRole,
    readonly path: string,
    private readonly options: ReloadOptions,
  ) {
    this.fileWatch = options.watch
      ? watchFileReplacement(path, () => void this.reload(), { debounceMs: options.reloadDebounceMs, logger: options.logger })
      : undefined;
  }

  static async open<T extends Response>(role: GeoipDatabaseRole, path: string, options: ReloadOptions): Promise<ReloadableGeoipDatabase<T>> {
    const database = new ReloadableGeoipDatabase<T>(role, path, options);
    await database.reload();
    return database;
  }

  /** The reader to query now; GeoipUnavailableError when no good file has been loaded. */
  reader(): Reader<T> {
    if (this.current) return this.current.reader;
    throw new GeoipUnavailableError(this.role, `GeoIP ${this.role} database unavailable: ${this.failure?.message ?? 'not loaded'}`, {
      cause: this.failure,
    });
  }

  status(): GeoipDatabaseStatus {
    const { role, path } = this;
    if (!this.current) return { state: 'unavailable', role, path, error: this.failure?.message ?? 'not loaded' };
    return { state: 'ready', role, path, info: this.current.info, loadedAt: this.loadedAt, lastReloadError: this.failure?.message ?? null };
  }

  /** Reads the file again now. Reloads run one after another, never interleaved. */
  reload(): Promise<GeoipDatabaseStatus> {
    const next = this.pending.then(() => this.load());
    this.pending = next;
    return next;
  }

  /** Called after every load attempt, successful or not. Returns the unsubscribe function. */
  onReload(listener: ReloadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.fileWatch?.close();
    this.listeners.clear();
  }

  private async load(): Promise<GeoipDatabaseStatus> {
    const { logger } = this.options;
    try {
      this.current = await openGeoipDatabase<T>(this.path, this.role, { cacheSize: this.options.decoderCacheSize });
      this.loadedAt = new Date();
      this.failure = undefined;
      const { databaseType, buildDate } = this.current.info;
      logger.info({ role: this.role, path: this.path, databaseType, buildDate }, 'GeoIP database loaded');
    } catch (error) {
      this.failure = error as Error;
      const keeping = this.current ? '; still serving the previously loaded data' : '; lookups fail until a valid file appears';
      logger.warn({ err: error, role: this.role, path: this.path }, `GeoIP ${this.role} database could not be loaded${keeping}`);
    }
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        logger.warn({ err: error }, 'a GeoIP reload listener failed');
      }
    }
    return status;
  }
}

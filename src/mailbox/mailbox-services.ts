import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import type { QuarantineStore } from '../quarantine/quarantine-store.js';
import { mailboxKey } from './imap-connection.js';
import { MailboxIngester } from './mailbox-ingester.js';
import { MailboxStatusStore, type MailboxStatusView } from './mailbox-status-store.js';
import { MailboxWatcher } from './mailbox-watcher.js';

/** Mailbox ingestion as the service graph holds it. */
export interface MailboxServices {
  /** Undefined when IMAP_URL is not set. */
  readonly ingester: MailboxIngester | undefined;
  readonly status: MailboxStatusStore;
  /** The configured mailbox's counters; null when none is configured or it was never read. */
  current(): Promise<MailboxStatusView | null>;
  /** A watcher (IDLE, polling fallback, reconnects) for `serve`; undefined without IMAP_URL. */
  createWatcher(): MailboxWatcher | undefined;
  /** True once this process made a watcher: the poll-mailbox job then leaves the mailbox to it. */
  readonly watched: boolean;
}

export function createMailboxServices(deps: {
  em: EntityManager;
  config: Pick<Config, 'imap'>;
  ingestion: ReportIngestionService;
  quarantine: QuarantineStore;
  logger: Logger;
}): MailboxServices {
  const status = new MailboxStatusStore(deps.em);
  const settings = deps.config.imap;
  const logger = deps.logger.child({ component: 'mailbox' });
  const ingester = settings === undefined ? undefined : new MailboxIngester({ settings, ingestion: deps.ingestion, quarantine: deps.quarantine, status, logger });
  let watched = false;
  return {
    ingester,
    status,
    current: async () => (settings === undefined ? null : status.read(mailboxKey(settings))),
    createWatcher: () => {
      if (ingester === undefined) return undefined;
      watched = true;
      return new MailboxWatcher(ingester, status, logger);
    },
    get watched() {
      return watched;
    },
  };
}

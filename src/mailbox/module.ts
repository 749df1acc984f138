import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
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
  /** True once this process watches the mailbox: the poll-mailbox job then leaves it to the watcher. */
  readonly watched: boolean;
}

/**
 * IMAP ingestion (IMAP_URL) through the shared ingester. The server that runs jobs watches the
 * mailbox (IDLE, polling fallback, reconnects), so one process reads it; `serve --no-jobs` and the
 * workers leave it to the poll-mailbox job. The watcher stops before the stores close.
 */
export function mailboxModule(context: ConcernContext, deps: { ingestion: ReportIngestionService; quarantine: QuarantineStore }): ConcernModule<{ mailbox: MailboxServices }> {
  const status = new MailboxStatusStore(context.em);
  const settings = context.config.imap;
  const logger = context.logger.child({ component: 'mailbox' });
  const ingester = settings === undefined ? undefined : new MailboxIngester({ settings, ingestion: deps.ingestion, quarantine: deps.quarantine, status, logger });
  let watcher: MailboxWatcher | undefined;
  return {
    name: 'mailbox',
    provides: {
      mailbox: {
        ingester,
        status,
        current: async () => (settings === undefined ? null : status.read(mailboxKey(settings))),
        get watched() {
          return watcher !== undefined;
        },
      },
    },
    start(role) {
      if (ingester === undefined || role.kind !== 'server' || !role.runsJobs) return;
      watcher = new MailboxWatcher(ingester, status, logger);
      watcher.start();
    },
    async stop() {
      await watcher?.stop();
    },
  };
}

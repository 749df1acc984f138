import type { ImapFlow } from 'imapflow';
import type { Logger } from '../logging/logger.js';
import type { MailboxIngester } from './mailbox-ingester.js';
import type { MailboxStatusStore } from './mailbox-status-store.js';

export interface MailboxWatcherOptions {
  /** First wait after a failure; doubled per consecutive failure up to maxBackoffMs. */
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/**
 * Keeps a connection to the mailbox and runs a pass whenever new mail arrives (IDLE: the server
 * tells the client at once; imapflow polls with NOOP on servers without IDLE), and at least every
 * poll interval. A lost connection or failed pass is retried with exponential backoff.
 */
export class MailboxWatcher {
  private stopped = false;
  private running: Promise<void> | undefined;
  private client: ImapFlow | undefined;
  private wake: (() => void) | undefined;
  private pending = false;

  constructor(
    private readonly ingester: MailboxIngester,
    private readonly status: MailboxStatusStore,
    private readonly logger: Logger,
    private readonly options: MailboxWatcherOptions = {},
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const client = this.client;
    if (client !== undefined) await client.logout().catch(() => client.close());
    await this.running;
  }

  private async loop(): Promise<void> {
    const minBackoff = this.options.minBackoffMs ?? 1_000;
    const maxBackoff = this.options.maxBackoffMs ?? 5 * 60_000;
    let backoff = minBackoff;
    while (!this.stopped) {
      try {
        await this.session();
        backoff = minBackoff;
      } catch (error) {
        if (this.stopped) break;
        this.logger.warn({ err: error, mailbox: this.ingester.mailbox, retryInMs: backoff }, 'mailbox connection failed; retrying');
        await this.status.recordError(this.ingester.mailbox, (error as Error).message).catch(() => {});
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  }

  /** One connection: passes until it closes or the watcher stops. */
  private async session(): Promise<void> {
    const client = this.ingester.createClient();
    this.client = client;
    let closed = false;
    client.on('error', (error: Error) => this.logger.warn({ err: error, mailbox: this.ingester.mailbox }, 'IMAP connection error'));
    client.on('close', () => {
      closed = true;
      this.wake?.();
    });
    client.on('exists', () => {
      this.pending = true;
      this.wake?.();
    });
    try {
      await client.connect();
      this.logger.info({ mailbox: this.ingester.mailbox, idle: client.capabilities.has('IDLE') }, 'watching the mailbox');
      while (!this.stopped && !closed) {
        this.pending = false;
        await this.ingester.runPass(client);
        // Selected, so the client IDLEs on it (auto-IDLE) and hears of new messages.
        await client.mailboxOpen(this.ingester.settings.mailbox);
        if (!this.pending) await this.sleep(this.ingester.settings.pollIntervalMs);
      }
      if (closed && !this.stopped) throw new Error(`connection to ${this.ingester.mailbox} closed`);
    } finally {
      this.client = undefined;
      if (!closed) await client.logout().catch(() => client.close());
    }
  }

  /** Waits `ms`, or less when woken (new mail, closed connection, stop). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

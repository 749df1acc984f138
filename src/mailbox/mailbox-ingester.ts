import type { ImapFlow } from 'imapflow';
import type { ImapSettings } from '../config/config.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import type { QuarantineStore } from '../quarantine/quarantine-store.js';
import { fileInMemory, type IngestOrigin, type ReceivedFile } from '../received-files/received-file.js';
import { createImapClient, mailboxKey } from './imap-connection.js';
import type { MailboxPassResult, MailboxStatusStore } from './mailbox-status-store.js';

export interface MailboxIngesterDependencies {
  readonly settings: ImapSettings;
  readonly ingestion: ReportIngestionService;
  readonly quarantine: QuarantineStore;
  readonly status: MailboxStatusStore;
  readonly logger: Logger;
  /** Opens the IMAP client (tests put a proxy in between). */
  readonly createClient?: (settings: ImapSettings) => ImapFlow;
}

/** Messages whose size and Message-ID are fetched at once, and moved at once after they are handled. */
const BATCH = 50;

interface MessageInfo {
  readonly uid: number;
  readonly size: number;
  readonly name: string;
}

/**
 * Reads DMARC report e-mails from the mailbox into the database. A message is moved to the
 * processed folder only after its reports are committed, to the refused folder when it holds no
 * report that could be stored (its bytes are in the quarantine); it is never deleted. If the move
 * does not happen (crash, cut connection), the next pass reads the message again, finds its
 * reports stored (duplicates) and moves it then: each report is stored exactly once.
 */
export class MailboxIngester {
  readonly mailbox: string;
  private readonly foldersReady = new WeakSet<ImapFlow>();

  constructor(private readonly deps: MailboxIngesterDependencies) {
    this.mailbox = mailboxKey(deps.settings);
  }

  get settings(): ImapSettings {
    return this.deps.settings;
  }

  /** A new, unconnected client for the configured server. */
  createClient(): ImapFlow {
    return (this.deps.createClient ?? createImapClient)(this.deps.settings);
  }

  /** One pass on a connection of its own (`ingest --imap`, the job): connect, read everything, log out. */
  async pollOnce(): Promise<MailboxPassResult> {
    const client = this.createClient();
    // Errors after connect() also reject the command in flight; this keeps them from being unhandled.
    client.on('error', (error: Error) => this.deps.logger.warn({ err: error, mailbox: this.mailbox }, 'IMAP connection error'));
    try {
      await client.connect();
    } catch (error) {
      const message = `cannot connect to ${this.mailbox}: ${(error as Error).message}`;
      await this.deps.status.recordError(this.mailbox, message);
      throw new Error(message, { cause: error });
    }
    try {
      return await this.runPass(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /**
   * Reads every message in the mailbox on an open connection, and records the pass in
   * mailbox_status. Throws when the pass stopped early (connection lost, database down): the
   * messages not moved yet stay in the mailbox for the next pass.
   */
  async runPass(client: ImapFlow): Promise<MailboxPassResult> {
    const startedAt = new Date();
    const counts = { messages: 0, reportsStored: 0, duplicates: 0, refused: 0 };
    let failure: Error | undefined;
    try {
      await this.ensureFolders(client);
      const lock = await client.getMailboxLock(this.deps.settings.mailbox);
      try {
        const uids = (await client.search({ deleted: false }, { uid: true })) || [];
        for (let i = 0; i < uids.length; i += BATCH) await this.handleBatch(client, uids.slice(i, i + BATCH), counts);
      } finally {
        lock.release();
      }
    } catch (error) {
      failure = error as Error;
    }
    const pass: MailboxPassResult = { startedAt, finishedAt: new Date(), ...counts, ...(failure ? { error: failure.message } : {}) };
    await this.deps.status.recordPass(this.mailbox, pass);
    const log = { mailbox: this.mailbox, ...counts, ms: pass.finishedAt.getTime() - startedAt.getTime() };
    if (failure !== undefined) {
      this.deps.logger.warn({ ...log, err: failure }, 'mailbox pass stopped early; unmoved messages are read again next time');
      throw failure;
    }
    if (counts.messages > 0) this.deps.logger.info(log, 'mailbox pass done');
    return pass;
  }

  private async handleBatch(client: ImapFlow, uids: number[], counts: { messages: number; reportsStored: number; duplicates: number; refused: number }): Promise<void> {
    const infos: MessageInfo[] = (await client.fetchAll(uids.join(','), { uid: true, size: true, envelope: true }, { uid: true })).map((m) => ({
      uid: m.uid,
      size: m.size ?? 0,
      name: m.envelope?.messageId ?? `uid ${m.uid}`,
    }));
    const processed: number[] = [];
    const refused: number[] = [];
    try {
      for (const info of infos) {
        const outcome = await this.handleMessage(client, info);
        counts.messages++;
        counts.reportsStored += outcome.stored;
        counts.duplicates += outcome.duplicates;
        (outcome.stored + outcome.duplicates > 0 ? processed : refused).push(info.uid);
      }
    } finally {
      // Whatever was committed is moved, even when a later message of the batch failed.
      await this.move(client, processed, this.deps.settings.processedFolder);
      await this.move(client, refused, this.deps.settings.refusedFolder);
      counts.refused += refused.length;
    }
  }

  private async handleMessage(client: ImapFlow, info: MessageInfo): Promise<{ stored: number; duplicates: number }> {
    const origin: IngestOrigin = { channel: 'imap', name: info.name };
    const { maxMessageBytes } = this.deps.settings;
    if (info.size > maxMessageBytes) {
      // Never downloaded into memory: streamed into the quarantine (which keeps it within its own cap).
      await this.deps.quarantine.keep(this.download(client, info), origin, {
        code: 'REPORT_TOO_LARGE',
        message: `message ${info.name} is ${info.size} bytes; at most ${maxMessageBytes} are read (IMAP_MAX_MESSAGE_BYTES)`,
      });
      this.deps.logger.warn({ mailbox: this.mailbox, uid: info.uid, name: info.name, size: info.size }, 'message too large: moved to the refused folder');
      return { stored: 0, duplicates: 0 };
    }
    const message = await client.fetchOne(String(info.uid), { source: true }, { uid: true });
    if (message === false || message.source === undefined) throw new Error(`message uid ${info.uid} vanished from ${this.mailbox} during the pass`);
    const result = await this.deps.ingestion.ingestReceived(fileInMemory(message.source, info.name), origin);
    return {
      stored: result.reports.filter((r) => r.status === 'ingested').length,
      duplicates: result.reports.filter((r) => r.status === 'duplicate').length,
    };
  }

  private download(client: ImapFlow, info: MessageInfo): ReceivedFile {
    return {
      name: info.name,
      open: () =>
        (async function* () {
          const { content } = await client.download(String(info.uid), undefined, { uid: true });
          if (content === undefined) return;
          for await (const chunk of content) yield chunk as Uint8Array;
        })(),
    };
  }

  private async move(client: ImapFlow, uids: number[], folder: string): Promise<void> {
    if (uids.length === 0) return;
    const moved = await client.messageMove(uids.join(','), folder, { uid: true });
    if (moved === false) throw new Error(`could not move ${uids.length} messages to ${folder}`);
  }

  /** The processed and refused folders, created when missing (once per connection). */
  private async ensureFolders(client: ImapFlow): Promise<void> {
    if (this.foldersReady.has(client)) return;
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const folder of [this.deps.settings.processedFolder, this.deps.settings.refusedFolder]) {
      if (!existing.has(folder)) {
        await client.mailboxCreate(folder);
        this.deps.logger.info({ mailbox: this.mailbox, folder }, 'created mailbox folder');
      }
    }
    this.foldersReady.add(client);
  }
}

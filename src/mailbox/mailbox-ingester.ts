import type { ImapFlow } from 'imapflow';
import type { ImapSettings } from '../config/config.js';
import { storedCount, type FileIngestionResult, type ReportIngestionService } from '../ingestion/storage/index.js';
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

/**
 * What became of one message of a pass: its ingestion result (`file` is the message's name, its
 * Message-ID) and where it went: the processed folder, the refused folder, or nowhere (`left`: its
 * ingestion failed unexpectedly and it waits for another attempt; `result.error` says why).
 */
export interface MailboxMessageOutcome {
  readonly movedTo: 'processed' | 'refused' | 'left';
  readonly result: FileIngestionResult;
}

export type MailboxMessageListener = (outcome: MailboxMessageOutcome) => void;

/** Messages whose size and Message-ID are fetched at once, and moved at once after they are handled. */
const BATCH = 50;

interface MessageInfo {
  readonly uid: number;
  readonly size: number;
  readonly name: string;
  readonly messageId: string | null;
}

interface PassCounts {
  messages: number;
  reportsStored: number;
  duplicates: number;
  refused: number;
  failed: number;
  poisoned: number;
}

/**
 * Ingesting a downloaded message threw an unexpected error (a bug, the database failing mid-way):
 * not the IMAP connection's fault, and not a refusal (those are results). Counted per message.
 */
class MessageIngestionFailure extends Error {
  constructor(
    readonly source: Buffer,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure), { cause: failure });
  }
}

/**
 * Reads DMARC report e-mails from the mailbox into the database: aggregate (rua), failure (ruf)
 * and SMTP TLS (tlsrpt) reports in one pass. A message is moved to the
 * processed folder only after its reports are committed, to the refused folder when it holds no
 * report that could be stored (its bytes are in the quarantine); it is never deleted. If the move
 * does not happen (crash, cut connection), the next pass reads the message again, finds its
 * reports stored (duplicates) and moves it then: each report is stored exactly once.
 *
 * A message whose ingestion throws an unexpected error stays in the mailbox and the pass goes on
 * with the next one; after `maxAttempts` failed passes (counted in PostgreSQL per UIDVALIDITY and
 * UID) it is quarantined as INGESTION_FAILED and moved to the refused folder, so one poison message
 * can neither block the mailbox nor be retried forever.
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

  /**
   * One pass on a connection of its own (`ingest --imap`, the job): connect, read everything, log
   * out. `onMessage` hears what became of each message (the CLI lists them like files).
   */
  async pollOnce(onMessage?: MailboxMessageListener): Promise<MailboxPassResult> {
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
      return await this.runPass(client, onMessage);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  /**
   * Reads every message in the mailbox on an open connection, and records the pass in
   * mailbox_status. Throws when the pass stopped early (connection lost, database down): the
   * messages not moved yet stay in the mailbox for the next pass.
   */
  async runPass(client: ImapFlow, onMessage: MailboxMessageListener = () => {}): Promise<MailboxPassResult> {
    const startedAt = new Date();
    const counts: PassCounts = { messages: 0, reportsStored: 0, duplicates: 0, refused: 0, failed: 0, poisoned: 0 };
    let failure: Error | undefined;
    try {
      await this.ensureFolders(client);
      const lock = await client.getMailboxLock(this.deps.settings.mailbox);
      try {
        if (client.mailbox === false) throw new Error(`${this.deps.settings.mailbox} is not open`);
        const uidValidity = client.mailbox.uidValidity;
        const uids = (await client.search({ deleted: false }, { uid: true })) || [];
        for (let i = 0; i < uids.length; i += BATCH) await this.handleBatch(client, uidValidity, uids.slice(i, i + BATCH), counts, onMessage);
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

  private async handleBatch(client: ImapFlow, uidValidity: bigint, uids: number[], counts: PassCounts, onMessage: MailboxMessageListener): Promise<void> {
    const infos: MessageInfo[] = (await client.fetchAll(uids.join(','), { uid: true, size: true, envelope: true }, { uid: true })).map((m) => ({
      uid: m.uid,
      size: m.size ?? 0,
      name: m.envelope?.messageId ?? `uid ${m.uid}`,
      messageId: m.envelope?.messageId ?? null,
    }));
    const processed: number[] = [];
    const refused: number[] = [];
    // Told once the batch's moves are done: "moved to" is then true.
    const outcomes: MailboxMessageOutcome[] = [];
    try {
      for (const info of infos) {
        counts.messages++;
        let result: FileIngestionResult;
        try {
          result = await this.handleMessage(client, info);
        } catch (error) {
          if (!(error instanceof MessageIngestionFailure)) throw error;
          const failed = await this.failedAttempt(uidValidity, info, error, counts);
          if (failed.setAside) refused.push(info.uid);
          outcomes.push({ movedTo: failed.setAside ? 'refused' : 'left', result: { file: info.name, reports: [], failureReports: [], tlsReports: [], error: { code: 'INGESTION_FAILED', message: failed.message } } });
          continue;
        }
        // Aggregate, failure and TLS reports alike: a message is processed once any report of it is stored.
        const { ingested, duplicates } = storedCount(result);
        counts.reportsStored += ingested;
        counts.duplicates += duplicates;
        const movedTo = ingested + duplicates > 0 ? 'processed' : 'refused';
        (movedTo === 'processed' ? processed : refused).push(info.uid);
        outcomes.push({ movedTo, result });
      }
    } finally {
      // Whatever was committed is moved, even when a later message of the batch failed.
      await this.move(client, processed, this.deps.settings.processedFolder);
      await this.move(client, refused, this.deps.settings.refusedFolder);
      counts.refused += refused.length;
      await this.deps.status.forgetAttempts(this.mailbox, uidValidity, [...processed, ...refused]);
    }
    for (const outcome of outcomes) onMessage(outcome);
  }

  /**
   * Counts a failed attempt at a message; once there were maxAttempts, quarantines it
   * (INGESTION_FAILED, with the error): it is to be moved to the refused folder (`setAside`).
   */
  private async failedAttempt(uidValidity: bigint, info: MessageInfo, error: MessageIngestionFailure, counts: PassCounts): Promise<{ setAside: boolean; message: string }> {
    const { maxAttempts } = this.deps.settings;
    const attempts = await this.deps.status.recordFailedAttempt(this.mailbox, uidValidity, info.uid, info.messageId, error.message);
    const log = { mailbox: this.mailbox, uid: info.uid, name: info.name, attempts, maxAttempts, err: error.failure };
    if (attempts < maxAttempts) {
      counts.failed++;
      this.deps.logger.error(log, 'ingesting a message failed unexpectedly; it stays in the mailbox for another attempt');
      const message = `ingestion failed (attempt ${attempts} of ${maxAttempts}): ${error.message}`;
      await this.deps.status.recordError(this.mailbox, `message ${info.name} (uid ${info.uid}): ${message}`);
      return { setAside: false, message };
    }
    const message = `ingestion failed ${attempts} times (IMAP_MAX_ATTEMPTS=${maxAttempts}) with an unexpected error; the message was set aside: ${error.message}`;
    await this.deps.quarantine.keep(fileInMemory(error.source, info.name), { channel: 'imap', name: info.name }, { code: 'INGESTION_FAILED', message });
    counts.poisoned++;
    this.deps.logger.error(log, 'a message failed ingestion too many times: quarantined and moved to the refused folder');
    await this.deps.status.recordError(this.mailbox, `message ${info.name} (uid ${info.uid}): ${message}`);
    return { setAside: true, message };
  }

  private async handleMessage(client: ImapFlow, info: MessageInfo): Promise<FileIngestionResult> {
    const origin: IngestOrigin = { channel: 'imap', name: info.name };
    const { maxMessageBytes } = this.deps.settings;
    if (info.size > maxMessageBytes) {
      // Never downloaded into memory: streamed into the quarantine (which keeps it within its own cap).
      const error = { code: 'REPORT_TOO_LARGE', message: `message ${info.name} is ${info.size} bytes; at most ${maxMessageBytes} are read (IMAP_MAX_MESSAGE_BYTES)` } as const;
      await this.deps.quarantine.keep(this.download(client, info), origin, error);
      this.deps.logger.warn({ mailbox: this.mailbox, uid: info.uid, name: info.name, size: info.size }, 'message too large: moved to the refused folder');
      return { file: info.name, reports: [], failureReports: [], tlsReports: [], error };
    }
    const message = await client.fetchOne(String(info.uid), { source: true }, { uid: true });
    if (message === false || message.source === undefined) throw new Error(`message uid ${info.uid} vanished from ${this.mailbox} during the pass`);
    const source = message.source;
    try {
      return await this.deps.ingestion.ingestReceived(fileInMemory(source, info.name), origin);
    } catch (error) {
      throw new MessageIngestionFailure(source, error);
    }
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

import { gzipSync } from 'node:zlib';
import { ImapFlow } from 'imapflow';
import { MikroORM } from '@mikro-orm/postgresql';
import type { ImapSettings } from '../../src/config/config.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { createImapClient } from '../../src/mailbox/imap-connection.js';
import { MailboxIngester } from '../../src/mailbox/mailbox-ingester.js';
import { MailboxStatusStore } from '../../src/mailbox/mailbox-status-store.js';
import { QuarantineStore } from '../../src/quarantine/quarantine-store.js';
import { emailMessage, oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { silentLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/stores.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/** A report e-mail as receivers send it: a gzip attachment, a Message-ID of its own. */
export function reportEmail(reportId: string, sourceIp = '192.0.2.1'): Buffer {
  const xml = oneRecordReport({ sourceIp }).replace('<report_id>t-1</report_id>', `<report_id>${reportId}</report_id>`);
  return withMessageId(
    emailMessage([{ filename: `reporter.example!example.com!${reportId}.xml.gz`, contentType: 'application/gzip', data: gzipSync(xml), encoding: 'base64' }]),
    `<${reportId}@reporter.example>`,
  );
}

export function withMessageId(message: Buffer, messageId: string): Buffer {
  return Buffer.concat([Buffer.from(`Message-ID: ${messageId}\r\n`), message]);
}

export interface MailboxHarness {
  readonly dovecot: DovecotServer;
  /** Between the ingester and Dovecot, so a test can cut the connection. */
  readonly proxy: TcpProxy;
  readonly orm: MikroORM;
  readonly settings: ImapSettings;
  readonly status: MailboxStatusStore;
  readonly quarantine: QuarantineStore;
  readonly ingestion: ReportIngestionService;
  ingester(overrides?: Partial<ImapSettings>): MailboxIngester;
  /** Appends messages to INBOX with a client of its own (straight to Dovecot). */
  append(...messages: Buffer[]): Promise<void>;
  /** Writes messages into INBOX's Maildir as a delivery agent would: for bulk, where APPEND one by one is slow. */
  deliver(...messages: Buffer[]): void;
  /** Messages in a folder (Message-IDs, in UID order). */
  folder(path: string): Promise<string[]>;
  count(sql: string): Promise<number>;
  /** Empties the mailbox folders and the database tables between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startMailboxHarness(): Promise<MailboxHarness> {
  const dovecot = await startDovecot();
  const proxy = await TcpProxy.start({ host: dovecot.host, port: dovecot.port });
  const database: TestDatabase = await createTestDatabase();
  const orm = await MikroORM.init(ormOptions({ url: database.url, poolMax: 4, connectTimeoutMs: 5000 }, silentLogger));
  const quarantine = new QuarantineStore(orm.em, silentLogger, 1024 * 1024);
  const ingestion = new ReportIngestionService(orm.em, silentLogger, { quarantine, rawRetention: { maxBytes: 1024 * 1024 } });
  const status = new MailboxStatusStore(orm.em);
  const settings: ImapSettings = {
    host: '127.0.0.1',
    port: proxy.port,
    secure: false,
    user: dovecot.user,
    password: dovecot.password,
    mailbox: 'INBOX',
    processedFolder: 'DMARC-Processed',
    refusedFolder: 'DMARC-Refused',
    pollIntervalMs: 60_000,
    maxMessageBytes: 256 * 1024,
    maxAttempts: 3,
  };
  const direct = { ...settings, port: dovecot.port };
  const withClient = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = createImapClient(direct);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };
  const harness: MailboxHarness = {
    dovecot,
    proxy,
    orm,
    settings,
    status,
    quarantine,
    ingestion,
    ingester: (overrides = {}) => new MailboxIngester({ settings: { ...settings, ...overrides }, ingestion, quarantine, status, logger: silentLogger }),
    append: (...messages) =>
      withClient(async (client) => {
        for (const message of messages) await client.append('INBOX', message);
      }),
    deliver: (...messages) => dovecot.deliver(messages),
    folder: (path) =>
      withClient(async (client) => {
        const exists = (await client.list()).some((m) => m.path === path);
        if (!exists) return [];
        const lock = await client.getMailboxLock(path);
        try {
          const ids: string[] = [];
          for await (const m of client.fetch('1:*', { uid: true, envelope: true })) ids.push(m.envelope?.messageId ?? `uid ${m.uid}`);
          return ids;
        } finally {
          lock.release();
        }
      }),
    async count(sql) {
      const [row] = await orm.em.fork().execute<{ count: string }[]>(sql);
      return Number(row!.count);
    },
    async reset() {
      proxy.cutWhen = undefined;
      await proxy.up();
      await withClient(async (client) => {
        for (const path of ['INBOX', settings.processedFolder, settings.refusedFolder]) {
          if (!(await client.list()).some((m) => m.path === path)) continue;
          const lock = await client.getMailboxLock(path);
          try {
            if (client.mailbox && client.mailbox.exists > 0) await client.messageDelete('1:*');
          } finally {
            lock.release();
          }
        }
      });
      await orm.em.fork().execute('TRUNCATE dmarc_reports, dmarc_records, refused_reports, raw_report_files, dmarc_report_raw_files, mailbox_status, mailbox_message_attempts, failure_reports, tls_reports CASCADE');
    },
    async close() {
      await orm.close(true);
      await database.drop();
      await proxy.down();
      await dovecot.stop();
    },
  };
  return harness;
}

import { gzipSync } from 'node:zlib';
import { MikroORM } from '@mikro-orm/postgresql';
import type { ImapSettings } from '../../src/config/config.js';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { ormOptions } from '../../src/database/orm-options.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { createImapClient } from '../../src/mailbox/imap-connection.js';
import { MailboxIngester } from '../../src/mailbox/mailbox-ingester.js';
import { MailboxStatusStore } from '../../src/mailbox/mailbox-status-store.js';
import { QuarantineStore } from '../../src/quarantine/quarantine-store.js';
import { startDovecot } from '../../test/support/dovecot.js';
import { startTestPostgres } from '../../test/support/postgres-server.js';
import { silentLogger } from '../../test/support/silent-logger.js';

/**
 * One mailbox pass over N report e-mails (default 1,000; one gzip report of 1-20 records each)
 * on a throw-away Dovecot and embedded PostgreSQL, with quarantine and raw retention on as in
 * production. Usage: node dist/bench/mailbox/run.js [messages=1000]
 */

function reportEmail(index: number): Buffer {
  const records = Array.from({ length: 1 + (index % 20) }, (_, r) =>
    `<record><row><source_ip>198.51.${index % 250}.${r}</source_ip><count>${r + 1}</count><policy_evaluated><disposition>none</disposition>` +
    `<dkim>pass</dkim><spf>pass</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers>` +
    `<auth_results><spf><domain>example.com</domain><result>pass</result></spf></auth_results></record>`).join('\n');
  const xml = `<?xml version="1.0"?><feedback><version>1.0</version><report_metadata><org_name>bench.example</org_name><email>r@bench.example</email>` +
    `<report_id>bench-${index}</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata>` +
    `<policy_published><domain>example.com</domain><p>none</p></policy_published>${records}</feedback>`;
  const attachment = (gzipSync(xml).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  return Buffer.from(`Message-ID: <bench-${index}@bench.example>\r\nFrom: r@bench.example\r\nTo: rua@example.com\r\nSubject: Report ${index}\r\n` +
    `MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nReport.\r\n` +
    `--b\r\nContent-Type: application/gzip; name="r${index}.xml.gz"\r\nContent-Disposition: attachment; filename="r${index}.xml.gz"\r\n` +
    `Content-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n--b--\r\n`);
}

const messages = Number(process.argv[2] ?? 1000);
const [postgres, dovecot] = await Promise.all([startTestPostgres(), startDovecot()]);
const orm = await MikroORM.init(ormOptions({ url: postgres.url, poolMax: 4, connectTimeoutMs: 10_000 }, silentLogger));
try {
  await applyPendingMigrations(orm, silentLogger);
  const settings: ImapSettings = {
    host: dovecot.host, port: dovecot.port, secure: false, user: dovecot.user, password: dovecot.password, mailbox: 'INBOX',
    processedFolder: 'DMARC-Processed', refusedFolder: 'DMARC-Refused', pollIntervalMs: 60_000, maxMessageBytes: 25 * 1024 * 1024, maxAttempts: 3,
  };
  const client = createImapClient(settings);
  await client.connect();
  const appendStarted = performance.now();
  for (let i = 0; i < messages; i++) await client.append('INBOX', reportEmail(i));
  const appendSeconds = (performance.now() - appendStarted) / 1000;
  await client.logout();

  const quarantine = new QuarantineStore(orm.em, silentLogger, 16 * 1024 * 1024);
  const ingestion = new ReportIngestionService(orm.em, silentLogger, { quarantine, rawRetention: { maxBytes: 32 * 1024 * 1024 } });
  const ingester = new MailboxIngester({ settings, ingestion, quarantine, status: new MailboxStatusStore(orm.em), logger: silentLogger });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const pass = await ingester.pollOnce();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (pass.reportsStored !== messages) throw new Error(`stored ${pass.reportsStored} of ${messages} reports`);
  process.stdout.write(
    `| step | messages | s | messages/s | node cpu-s |\n|---|---|---|---|---|\n` +
      `| APPEND (setup) | ${messages} | ${appendSeconds.toFixed(1)} | ${Math.round(messages / appendSeconds)} | |\n` +
      `| one pass: fetch, ingest (commit), move | ${pass.messages} | ${seconds.toFixed(1)} | ${Math.round(messages / seconds)} | ${((used.user + used.system) / 1e6).toFixed(1)} |\n` +
      `\nload average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} (2 cores shared)\n`,
  );
} finally {
  await orm.close(true);
  await Promise.all([postgres.stop(), dovecot.stop()]);
}

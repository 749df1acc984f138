import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { loadConfig } from '../../src/config/config.js';
import { createImapClient } from '../../src/mailbox/imap-connection.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { reportEmail } from './mailbox-harness.js';

interface Status {
  configured: boolean;
  mailbox: string;
  lastPassMessages: number;
  messagesSeen: number;
  poisoned: number;
  failingMessages: number;
  reportsStored: number;
  refused: number;
  lastError: string | null;
}

describe('serve with IMAP_URL', () => {
  let dovecot: DovecotServer;
  let t: TestApp;
  beforeAll(async () => {
    dovecot = await startDovecot();
    t = await startTestApp({ env: { IMAP_URL: dovecot.url, IMAP_POLL_INTERVAL_SECONDS: '600' } });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await dovecot?.stop();
  });

  it('watches the mailbox while it runs, and mailboxStatus (ADMIN) shows what it did', async () => {
    const client = createImapClient(loadConfig({ IMAP_URL: dovecot.url }).imap!);
    await client.connect();
    await client.append('INBOX', reportEmail('served-1'));
    await client.append('INBOX', Buffer.from('Message-ID: <no-report@example.net>\r\nSubject: hi\r\n\r\nno report\r\n'));
    await client.logout();

    const status = async () => (await t.graphql<{ mailboxStatus: Status }>(`{ mailboxStatus { configured mailbox lastPassMessages messagesSeen reportsStored refused poisoned failingMessages lastError } }`)).data!.mailboxStatus;
    const deadline = Date.now() + 30_000;
    while ((await status()).messagesSeen < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await status()).toEqual({
      configured: true, mailbox: `reports@127.0.0.1:${dovecot.port}/INBOX`, lastPassMessages: expect.any(Number),
      messagesSeen: 2, reportsStored: 1, refused: 1, poisoned: 0, failingMessages: 0, lastError: null,
    });
    const viewer = await t.userToken(Role.VIEWER);
    const denied = await t.graphql(`{ mailboxStatus { configured } }`, {}, { token: viewer });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 60_000);
});

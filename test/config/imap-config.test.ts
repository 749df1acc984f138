import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { problemsOf, productionEnv as production } from '../support/config-problems.js';

const strong = 'x7Qp2Lm9Vd4Rt8Kc1Zs6Hb3Nf0Jw5Gy!';

describe('mailbox settings', () => {
  it('has no mailbox unless IMAP_URL is set, and keeps raw files by default', () => {
    const config = loadConfig({});
    expect(config.imap).toBeUndefined();
    expect(config.rawReports).toEqual({ retention: true, maxBytes: 32 * 1024 * 1024 });
    expect(loadConfig({ RAW_REPORT_RETENTION: 'false' }).rawReports.retention).toBe(false);
  });

  it('reads the credentials from the URL (percent-decoded) or from IMAP_USER / IMAP_PASSWORD, imaps on 993 by default', () => {
    expect(loadConfig({ IMAP_URL: 'imaps://dmarc%40example.com:p%40ss@mail.example.com' }).imap).toEqual({
      host: 'mail.example.com', port: 993, secure: true, user: 'dmarc@example.com', password: 'p@ss', mailbox: 'INBOX',
      processedFolder: 'DMARC-Processed', refusedFolder: 'DMARC-Refused', pollIntervalMs: 300_000, maxMessageBytes: 25 * 1024 * 1024, maxAttempts: 3,
    });
    const separate = loadConfig({ IMAP_URL: 'imap://127.0.0.1:1143', IMAP_USER: 'rua', IMAP_PASSWORD: 'secret', IMAP_MAILBOX: 'Reports' }).imap;
    expect(separate).toMatchObject({ host: '127.0.0.1', port: 1143, secure: false, user: 'rua', password: 'secret', mailbox: 'Reports' });
  });

  it('names what is missing or unsafe', () => {
    expect(problemsOf({ IMAP_URL: 'pop3://mail.example.com' })).toEqual([expect.stringMatching(/^IMAP_URL: must be an imaps:\/\//)]);
    expect(problemsOf({ IMAP_URL: 'imaps://mail.example.com' })).toEqual([
      'IMAP_URL: no user: put it in the URL (imaps://user:password@host) or in IMAP_USER',
      'IMAP_PASSWORD: required with IMAP_URL (or a password in the URL)',
    ]);
    expect(problemsOf({ IMAP_PASSWORD: 'x' })).toEqual(['IMAP_URL: required when IMAP_USER or IMAP_PASSWORD is set']);
  });

  it('refuses in production a weak mailbox password and plaintext IMAP to another host', () => {
    expect(problemsOf({ ...production, IMAP_URL: 'imaps://rua:changeme@mail.example.com' })).toEqual([
      'IMAP_URL: the password is a well-known placeholder; use a random secret',
    ]);
    expect(problemsOf({ ...production, IMAP_URL: 'imaps://mail.example.com', IMAP_USER: 'rua', IMAP_PASSWORD: 'short' })).toEqual([
      'IMAP_PASSWORD: must be at least 32 characters in production',
    ]);
    expect(problemsOf({ ...production, IMAP_URL: 'imap://mail.example.com', IMAP_USER: 'rua', IMAP_PASSWORD: strong })).toEqual([
      'IMAP_URL: imap:// sends the password in clear text; use imaps:// in production',
    ]);
    expect(loadConfig({ ...production, IMAP_URL: 'imap://127.0.0.1:143', IMAP_USER: 'rua', IMAP_PASSWORD: strong }).imap?.secure).toBe(false);
  });
});

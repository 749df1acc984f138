import { describe, expect, it } from 'vitest';
import { parseEveryReport } from '../../src/ingestion/index.js';
import { addressRedactor, redactFailureReport } from '../../src/ingestion/failure/redaction.js';
import { failureFixture } from '../fixtures/report-kinds.js';

const key = 'k'.repeat(16) + '0123456789abcdef0123';

describe('failure report privacy (RFC 6590): what is kept', () => {
  it('redacts every local part by default and keeps the header only: no body, URLs without their query', async () => {
    const [report] = (await parseEveryReport(failureFixture('arf-full-sample.eml'))).failure;
    const kept = redactFailureReport(report!, { content: 'headers', localParts: 'redact' });
    expect(kept.originalMailFrom).toBe('<[redacted]@lookalike.example>');
    expect(kept.originalRcptTo).toEqual(['<[redacted]@customer.example>', '<[redacted]@customer.example>']);
    expect(kept.sampleFrom).toBe('Example Corp Accounts <[redacted]@example.com>');
    expect(kept.sampleTo).toEqual(['Alice Smith <[redacted]@customer.example>']);
    expect(kept.authenticationResults).toContain('smtp.mailfrom=[redacted]@lookalike.example');
    expect(kept.sampleBody).toBeNull();
    expect(kept.urls).toEqual(['https://pay.lookalike.example/invoice', 'https://docs.lookalike.example/terms']);
    expect(kept.attachmentNames).toEqual(['invoice-1187.pdf']);
    // Every stored text, header fields included: no local part is left.
    const everything = JSON.stringify(kept);
    for (const local of ['alice.smith', 'bob@', 'billing@', 'ceo@', 'payments@']) expect(everything).not.toContain(local);
    // Message identifiers look like addresses but name no one: kept, so reports can be matched.
    expect(kept.sampleHeaders.find((h) => h.name === 'Message-ID')!.value).toBe('<20261207093035.77@mail.lookalike.example>');
    expect(kept.sampleHeaders.find((h) => h.name === 'Received')!.value).toContain('for <[redacted]@customer.example>');
  });

  it('keeps the body and whole URLs with headers-and-body, their addresses still redacted', async () => {
    const [report] = (await parseEveryReport(failureFixture('arf-full-sample.eml'))).failure;
    const kept = redactFailureReport(report!, { content: 'headers-and-body', localParts: 'redact' });
    expect(kept.sampleBody).toContain('Dear Alice,');
    expect(kept.urls[0]).toBe('https://pay.lookalike.example/invoice?id=1187&to=[redacted]%40customer.example');
  });

  it('hashes local parts with a key: the same address gives the same hash in every report, another key another', () => {
    const hash = addressRedactor({ localParts: 'hash', hashKey: key });
    const once = hash('To: Alice <alice@customer.example>');
    expect(once).toMatch(/^To: Alice <h-[0-9a-f]{16}@customer\.example>$/);
    expect(hash('ALICE@customer.example, bob@customer.example')).toBe(`${once.slice(11, 29)}@customer.example, ${hash('bob@customer.example')}`);
    expect(addressRedactor({ localParts: 'hash', hashKey: `${key}x` })('alice@customer.example')).not.toBe(hash('alice@customer.example'));
  });

  it('keeps addresses as sent with FAILURE_LOCAL_PARTS=keep', () => {
    expect(addressRedactor({ localParts: 'keep' })('a.b+c@example.com')).toBe('a.b+c@example.com');
  });

  it('redacts addresses wherever they stand, and leaves text without one as it is', () => {
    const redact = addressRedactor({ localParts: 'redact' });
    expect(redact('x@a.example,y.z@b.example;<w@c.example>')).toBe('[redacted]@a.example,[redacted]@b.example;<[redacted]@c.example>');
    expect(redact('https://t.example/c?e=bob%40d.example&u=1')).toBe('https://t.example/c?e=[redacted]%40d.example&u=1');
    expect(redact('i=@example.com; no address @ here; user@localhost')).toBe('i=@example.com; no address @ here; user@localhost');
    // A long run of address characters without an @ costs one pass.
    const long = 'a'.repeat(200_000);
    expect(redact(`${long}@example.com`)).toBe('[redacted]@example.com');
    expect(redact(long)).toBe(long);
  });
});

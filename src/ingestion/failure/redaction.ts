import { createHmac } from 'node:crypto';
import type { FailureReport, HeaderField } from './failure-report.js';

/**
 * What is kept of a failure report (RFC 6590 privacy considerations), set by FAILURE_SAMPLE_CONTENT
 * and FAILURE_LOCAL_PARTS.
 */
export interface FailurePrivacy {
  /** `headers`: the sample's header fields, URLs without their query, attachment names; `headers-and-body`: also the body text and whole URLs. */
  readonly content: 'headers' | 'headers-and-body';
  /** The part of every e-mail address before the @: replaced by `[redacted]`, by a keyed hash, or kept. */
  readonly localParts: 'redact' | 'hash' | 'keep';
  /** HMAC-SHA-256 key of `hash` (FAILURE_HASH_KEY). */
  readonly hashKey?: string;
}

export const defaultFailurePrivacy: FailurePrivacy = { content: 'headers', localParts: 'redact' };

/** The fields of a failure report as they are stored: redacted per the privacy settings. */
export interface StoredFailureFields {
  readonly authenticationResults: string | null;
  readonly originalMailFrom: string | null;
  readonly originalRcptTo: string[];
  readonly fields: HeaderField[];
  readonly sampleFrom: string | null;
  readonly sampleTo: string[];
  readonly sampleSubject: string | null;
  readonly sampleHeaders: HeaderField[];
  readonly sampleBody: string | null;
  readonly urls: string[];
  readonly attachmentNames: string[];
}

/** Header fields whose values are message identifiers, not addresses (`<id@host>` only looks like one). */
const IDENTIFIER_FIELDS = new Set(['message-id', 'in-reply-to', 'references', 'original-envelope-id', 'x-ms-exchange-parent-message-id']);

/** Every value of `report` that may name a person, redacted as `privacy` says; the sample's body only when it is kept. */
export function redactFailureReport(report: FailureReport, privacy: FailurePrivacy): StoredFailureFields {
  const redact = addressRedactor(privacy);
  const redactField = (field: HeaderField): HeaderField =>
    IDENTIFIER_FIELDS.has(field.name.toLowerCase()) ? field : { name: field.name, value: redact(field.value) };
  const sample = report.sample;
  const withBody = privacy.content === 'headers-and-body';
  return {
    authenticationResults: report.authenticationResults === null ? null : redact(report.authenticationResults),
    originalMailFrom: report.originalMailFrom === null ? null : redact(report.originalMailFrom),
    originalRcptTo: report.originalRcptTo.map(redact),
    fields: report.fields.map(redactField),
    sampleFrom: sample?.from == null ? null : redact(sample.from),
    sampleTo: (sample?.to ?? []).map(redact),
    sampleSubject: sample?.subject == null ? null : redact(sample.subject),
    sampleHeaders: (sample?.headers ?? []).map(redactField),
    sampleBody: withBody && sample?.body != null ? redact(sample.body) : null,
    urls: (sample?.urls ?? []).map((url) => redact(withBody ? url : withoutQuery(url))),
    attachmentNames: [...(sample?.attachmentNames ?? [])],
  };
}

/** scheme://host/path: a query or fragment may carry who the link was sent to (tracking tokens). */
function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Letters, digits and `._+-`: what real addresses use. RFC 5322 allows more (`=`, `?`, `/`, `&`),
 * but those also surround addresses in URLs (`?to=alice@…`) and would swallow the URL.
 */
const LOCAL_CHAR = /[A-Za-z0-9._+-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/**
 * Replaces the local part of every address in a text (`alice@example.com`, and `alice%40example.com`
 * as URLs write it). Linear: each `@` is expanded to the left and right by hand, where a regular
 * expression would rescan the text from every position of a long run of address characters.
 */
export function addressRedactor(privacy: Pick<FailurePrivacy, 'localParts' | 'hashKey'>): (text: string) => string {
  if (privacy.localParts === 'keep') return (text) => text;
  const replacement =
    privacy.localParts === 'hash'
      ? (local: string) => `h-${createHmac('sha256', privacy.hashKey ?? '').update(local.toLowerCase()).digest('hex').slice(0, 16)}`
      : () => '[redacted]';
  return (text) => {
    if (!text.includes('@') && !/%40/i.test(text)) return text;
    let out = '';
    let copied = 0;
    for (let i = 0; i < text.length; i++) {
      const at = text[i] === '@' ? 1 : text[i] === '%' && text.slice(i + 1, i + 3) === '40' ? 3 : 0;
      if (at === 0) continue;
      let start = i;
      while (start > copied && LOCAL_CHAR.test(text[start - 1]!)) start--;
      let end = i + at;
      while (end < text.length && DOMAIN_CHAR.test(text[end]!)) end++;
      const domain = text.slice(i + at, end).replace(/[.-]+$/, '');
      if (start === i || !domain.includes('.')) continue;
      out += text.slice(copied, start) + replacement(text.slice(start, i));
      copied = i;
    }
    return out + text.slice(copied);
  };
}

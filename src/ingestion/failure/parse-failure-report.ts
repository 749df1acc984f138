import { createHash } from 'node:crypto';
import type { Email } from 'postal-mime';
import { InvalidReportError } from '../errors.js';
import { readSourceIp } from '../parsing/ip-address.js';
import { WarningList } from '../warning-list.js';
import type { FailureReport, FailureSample, HeaderField } from './failure-report.js';
import type { FailureReportParts } from './failure-parts.js';
import { fieldValue, fieldValues, readHeaderFields } from './header-fields.js';
import { readSample } from './read-sample.js';

/** RFC 6591 section 3.2 (Delivery-Result). */
const DELIVERY_RESULTS = ['delivered', 'spam', 'policy', 'reject', 'other'];
/** The feedback fields that carry the failed message itself (base64): its body is not kept this way. */
const MESSAGE_FIELDS = new Set(['dkim-canonicalized-body', 'dkim-canonicalized-header']);
/** Exim's field names for the ARF fields they stand for. */
const TEXT_ALIASES: Readonly<Record<string, string>> = {
  'sender-domain': 'Reported-Domain',
  'sender-ip-address': 'Source-IP',
  'received-date': 'Arrival-Date',
};
/** A `Name: value` line of a plain-text report (names of words, spaces and hyphens). */
const TEXT_FIELD = /^[ \t]*([A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*){0,5})[ \t]*:[ \t]+(\S[^\r\n]*)$/gm;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z0-9-]{1,63}$/;

/**
 * Reads one failure report from the parts `failureReportParts` found in `email` (the report
 * message itself). Tolerant: every field is optional but the domain the report is about
 * (Reported-Domain, else the sample's From domain, else Authentication-Results' header.from, else
 * the subject's "for <domain>"); what is missing or unreadable is null with a warning.
 */
export async function parseFailureReport(parts: FailureReportParts, email: Email, name: string): Promise<FailureReport> {
  const warnings = new WarningList();
  const warn = warnings.add;
  const fields = parts.format === 'arf' ? arfFields(parts, name, warn) : textFields(parts.text ?? '');
  const sample = await sampleOf(parts, warn);
  if (sample === null) warn('the report carries no sample of the failed message');

  const value = (field: string) => fieldValue(fields, field);
  const list = (field: string) => fieldValues(fields, field).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase()).filter(Boolean);
  const authenticationResults = value('Authentication-Results');
  const reportedDomain = reportedDomainOf(value('Reported-Domain'), sample, authenticationResults, email.subject, warn);
  const sourceIp = sourceIpOf(value('Source-IP'), warn);
  const arrivalDate = arrivalDateOf(value('Arrival-Date'), email, warn);
  const deliveryText = value('Delivery-Result')?.toLowerCase() ?? null;
  const deliveryResult = deliveryText === null ? null : (DELIVERY_RESULTS.find((result) => deliveryText.includes(result)) ?? deliveryText);
  if (deliveryText !== null && !DELIVERY_RESULTS.includes(deliveryText)) warn(`Delivery-Result "${deliveryText}" is not one of ${DELIVERY_RESULTS.join(', ')}; read as "${deliveryResult}"`);
  const originalRcptTo = fieldValues(fields, 'Original-Rcpt-To').filter(Boolean);
  const authFailure = list('Auth-Failure');
  // RFC 9991 requires Auth-Failure; a report without it (and every plain-text report) is a DMARC failure report.
  if (authFailure.length === 0) {
    if (parts.format === 'arf') warn('Auth-Failure is missing; read as "dmarc"');
    authFailure.push('dmarc');
  }
  const feedbackType = value('Feedback-Type')?.toLowerCase() ?? null;
  if (feedbackType === null && parts.format === 'arf') warn('Feedback-Type is missing; read as "auth-failure"');
  const identityAlignment = parts.format === 'text' ? textAlignment(fields) : list('Identity-Alignment').filter((mechanism) => mechanism !== 'none');
  const originalMailFrom = value('Original-Mail-From');

  const report: Omit<FailureReport, 'identity' | 'warnings'> = {
    format: parts.format,
    feedbackType: feedbackType ?? 'auth-failure',
    userAgent: value('User-Agent'),
    version: value('Version'),
    arrivalDate,
    sourceIp,
    reportedDomain,
    authenticationResults,
    originalMailFrom,
    originalRcptTo,
    originalEnvelopeId: value('Original-Envelope-Id'),
    deliveryResult,
    authFailure,
    identityAlignment,
    dkimDomain: value('DKIM-Domain')?.toLowerCase() ?? null,
    dkimIdentity: value('DKIM-Identity'),
    dkimSelector: value('DKIM-Selector'),
    spfDns: value('SPF-DNS'),
    reportingMta: value('Reporting-MTA'),
    reporterDomain: domainOfAddress(email.from?.address ?? ''),
    fields: fields.filter((field) => !MESSAGE_FIELDS.has(field.name.toLowerCase())),
    sample,
  };
  const statedArrival = value('Arrival-Date') === null ? null : parseMailDate(value('Arrival-Date')!);
  return { ...report, identity: identityOf(report, statedArrival, parts), warnings: warnings.all() };
}

function arfFields(parts: FailureReportParts, name: string, warn: (message: string) => void): HeaderField[] {
  if (parts.feedback === null) {
    warn('the report is multipart/report with report-type=feedback-report but has no message/feedback-report part; its fields are read from its text');
    return textFields(parts.text ?? '');
  }
  const fields = readHeaderFields(parts.feedback, `the feedback part of ${name}`, warn);
  if (fields.length === 0) warn('the message/feedback-report part holds no fields');
  return fields;
}

/** `Name: value` lines of a plain-text report before its copy of the header, Exim's names mapped to ARF's. */
function textFields(text: string): HeaderField[] {
  const head = text.split(/\bdetected\.\s*\n/, 1)[0] ?? '';
  const fields: HeaderField[] = [];
  for (const match of head.slice(0, 64 * 1024).matchAll(TEXT_FIELD)) {
    const raw = match[1]!.trim();
    const alias = TEXT_ALIASES[raw.toLowerCase().replaceAll(' ', '-')];
    fields.push({ name: alias ?? raw, value: match[2]!.trim() });
    if (fields.length >= 100) break;
  }
  return fields;
}

/** Exim says "SPF Alignment: yes" and "DKIM Alignment: no"; ARF lists the aligned mechanisms. */
function textAlignment(fields: readonly HeaderField[]): string[] {
  return ['SPF', 'DKIM'].filter((mechanism) => /^yes\b/i.test(fieldValue(fields, `${mechanism} Alignment`) ?? '')).map((m) => m.toLowerCase());
}

async function sampleOf(parts: FailureReportParts, warn: (message: string) => void): Promise<FailureSample | null> {
  if (parts.sample !== null) return readSample(parts.sample.bytes, parts.sample.headersOnly, warn);
  if (parts.format !== 'text' || parts.text === null) return null;
  // Exim: "This is a copy of the headers that were received before the error was detected." then the header.
  const copy = parts.text.split(/\bdetected\.[ \t]*\r?\n/).slice(1).join('').replace(/^\s+/, '');
  return copy === '' ? null : readSample(Buffer.from(copy, 'utf8'), true, warn);
}

function reportedDomainOf(field: string | null, sample: FailureSample | null, authenticationResults: string | null, subject: string | undefined, warn: (message: string) => void): string {
  const stated = field?.toLowerCase().replace(/\.$/, '');
  if (stated && DOMAIN.test(stated)) return stated;
  if (stated) warn(`Reported-Domain "${field}" is not a domain name`);
  const candidates: [string, string | null | undefined][] = [
    ["the sample's From", domainOfAddress(sample?.from ?? '')],
    ['header.from of Authentication-Results', /\bheader\.from=([^\s;]+)/i.exec(authenticationResults ?? '')?.[1]?.toLowerCase()],
    ['the subject', /\bfor\s+([a-z0-9.-]+\.[a-z]{2,})\b/i.exec(subject ?? '')?.[1]?.toLowerCase()],
  ];
  for (const [source, domain] of candidates) {
    if (domain && DOMAIN.test(domain)) {
      warn(`Reported-Domain is ${stated ? 'unreadable' : 'missing'}; the domain ${domain} is taken from ${source}`);
      return domain;
    }
  }
  throw new InvalidReportError('the failure report names no domain (no Reported-Domain, no From in its sample, no header.from in Authentication-Results)', 'Reported-Domain');
}

function sourceIpOf(field: string | null, warn: (message: string) => void): string | null {
  if (field === null) {
    warn('Source-IP is missing; the report is stored without a source address');
    return null;
  }
  const first = field.split(/\s+/)[0] ?? '';
  const address = readSourceIp(first, (message) => warn(message.replace(/^row\.source_ip/, 'Source-IP')));
  if (address === null) warn(`Source-IP "${field}" is not an IP address; the report is stored without a source address`);
  return address;
}

function arrivalDateOf(field: string | null, email: Email, warn: (message: string) => void): Date | null {
  const parsed = field === null ? null : parseMailDate(field);
  if (parsed !== null) return parsed;
  const sent = email.date === undefined ? null : new Date(email.date);
  const fallback = sent !== null && !Number.isNaN(sent.getTime()) ? sent : null;
  const what = field === null ? 'Arrival-Date is missing' : `Arrival-Date "${field}" is not a date`;
  warn(fallback === null ? `${what}; the arrival is unknown` : `${what}; the report's own Date (${fallback.toISOString()}) is used`);
  return fallback;
}

/** An RFC 5322 date (comments such as "(CEST)" dropped), or ISO 8601; null when neither. */
function parseMailDate(text: string): Date | null {
  const date = new Date(text.replace(/\([^()]*\)/g, ' ').trim());
  return Number.isNaN(date.getTime()) ? null : date;
}

function domainOfAddress(text: string): string | null {
  const match = /@([a-z0-9.-]+\.[a-z0-9-]+)>?\s*$/i.exec(text.trim());
  return match === null ? null : match[1]!.toLowerCase();
}

/**
 * What makes the report this report (see FailureReport.identity). The sample's own bytes count,
 * with line ends and trailing blanks normalized, so a copy re-encoded by a mail gateway (CRLF) is
 * the same report; a report without a sample counts its fields instead.
 */
function identityOf(report: Omit<FailureReport, 'identity' | 'warnings'>, statedArrival: Date | null, parts: FailureReportParts): string {
  const content = parts.sample !== null ? Buffer.from(parts.sample.bytes).toString('utf8') : (parts.feedback ?? parts.text ?? '');
  const normalized = content.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n+$/, '');
  const contentHash = createHash('sha256').update(normalized).digest('hex');
  const key = [
    // The arrival as stated: a fallback to the report e-mail's Date would differ between two copies.
    report.reportedDomain, report.sourceIp, statedArrival?.toISOString() ?? null, report.originalMailFrom, report.originalRcptTo,
    report.authFailure, report.feedbackType, contentHash,
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex');
}

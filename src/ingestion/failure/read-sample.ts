import PostalMime, { type Address, type Email } from 'postal-mime';
import type { FailureSample } from './failure-report.js';
import { readHeaderFields } from './header-fields.js';
import { extractUrls } from './links.js';

/** Body text kept at most (the privacy setting decides whether any is kept at all). */
export const MAX_BODY_CHARS = 64 * 1024;
/** Attachment names of one sample kept at most. */
const MAX_ATTACHMENT_NAMES = 50;
/** MIME parts nested in a sample read at most; deeper is a sample made to exhaust the parser. */
const MAX_MIME_DEPTH = 32;
/** HTML read when reducing it to text (the text kept is far shorter). */
const MAX_HTML_SCAN = 512 * 1024;

/**
 * The failed message a receiver attached: its header fields as written, the decoded From, To,
 * Subject, Date and Message-ID, and of the body its text, URLs and attachment names. A sample
 * postal-mime cannot read keeps its header fields (read line by line) with a warning.
 */
export async function readSample(bytes: Uint8Array, declaredHeadersOnly: boolean, warn: (message: string) => void): Promise<FailureSample> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const headerBlock = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const headers = readHeaderFields(headerBlock, 'the sample', warn);
  let email: Email;
  try {
    // A header-only sample ends without the blank line a message has: add it, so no header is read as body.
    email = await PostalMime.parse(declaredHeadersOnly ? `${text.replace(/\s+$/, '')}\r\n\r\n` : text, {
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: MAX_MIME_DEPTH,
      maxRfc822NestingDepth: 0,
    });
  } catch (error) {
    warn(`the sample cannot be read as a message (${(error as Error).message}); only its header fields are kept`);
    return { kind: 'headers', headers, from: null, to: [], subject: null, date: null, messageId: null, body: null, urls: [], attachmentNames: [] };
  }
  const body = declaredHeadersOnly ? null : bodyText(email);
  const attachmentNames = email.attachments
    .map((attachment) => attachment.filename?.trim() ?? '')
    .filter((name) => name !== '' && name.length <= 255)
    .slice(0, MAX_ATTACHMENT_NAMES);
  const date = email.date === undefined ? null : new Date(email.date);
  return {
    // A message/rfc822 sample sent without its body (some receivers strip it) is a header-only sample too.
    kind: declaredHeadersOnly || !/\r?\n\r?\n\s*\S/.test(text) ? 'headers' : 'message',
    headers,
    from: email.from === undefined ? null : addressText(email.from),
    to: (email.to ?? []).map(addressText),
    subject: email.subject?.trim() || null,
    date: date === null || Number.isNaN(date.getTime()) ? null : date,
    messageId: email.messageId?.trim() || null,
    body,
    urls: declaredHeadersOnly ? [] : extractUrls(email.text, email.html),
    attachmentNames,
  };
}

function addressText(address: Address): string {
  if ('group' in address && address.group !== undefined) return `${address.name}: ${address.group.map(addressText).join(', ')};`;
  const mailbox = address.address ?? '';
  return address.name ? `${address.name} <${mailbox}>` : mailbox;
}

/** The body as text (HTML reduced to its text), at most MAX_BODY_CHARS; null when empty. */
function bodyText(email: Email): string | null {
  const text = email.text ?? (email.html === undefined ? undefined : htmlText(email.html));
  const trimmed = text?.trim();
  if (!trimmed) return null;
  return trimmed.length > MAX_BODY_CHARS ? `${trimmed.slice(0, MAX_BODY_CHARS)}\n[… ${trimmed.length - MAX_BODY_CHARS} more characters not kept]` : trimmed;
}

function htmlText(html: string): string {
  return html
    .slice(0, MAX_HTML_SCAN)
    .replace(/<(script|style)\b[^>]*>[^<]*<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&amp;/gi, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n');
}

import type { Email } from 'postal-mime';

/** The MIME types a receiver attaches the failed message as (parsedmarc's list: real reporters misspell them). */
const SAMPLE_TYPES: Readonly<Record<string, 'message' | 'headers'>> = {
  'message/rfc822': 'message',
  'message/rfc-822': 'message',
  'text/rfc822': 'message',
  'text-rfc-822': 'message',
  'text/rfc822-headers': 'headers',
  'text/rfc-822-headers': 'headers',
  'message/rfc822-headers': 'headers',
  'message/rfc-822-headers': 'headers',
};

/** The sentence Exim's DMARC forensic report opens with (it has no ARF part). */
const EXIM_MARKER = 'A message claiming to be from you has failed';
/** Field names a plain-text report gives the source and the domain under (ARF's own and Exim's). */
const TEXT_SOURCE_FIELD = /^[ \t]*(source-ip|sender ip address)[ \t]*:/im;
const TEXT_DOMAIN_FIELD = /^[ \t]*(reported-domain|sender domain)[ \t]*:/im;

/** The parts of an e-mail that make it a failure report, as found by `failureReportParts`. */
export interface FailureReportParts {
  readonly format: 'arf' | 'text';
  /** The message/feedback-report part, decoded (ARF only). */
  readonly feedback: string | null;
  /** The plain-text body (a text report's fields and, after "detected.", its copy of the header). */
  readonly text: string | null;
  /** The attached failed message or its header, when there is one. */
  readonly sample: { readonly bytes: Uint8Array; readonly headersOnly: boolean } | null;
}

/**
 * Whether a message is a failure report, and its parts: ARF (a message/feedback-report part, or
 * multipart/report with report-type=feedback-report), or a plain-text report (Exim's, or any text
 * body naming the source IP and the domain in `Name: value` lines). Null for anything else (an
 * aggregate or TLS report e-mail, a notice).
 */
export function failureReportParts(email: Email): FailureReportParts | null {
  const feedbackPart = email.attachments.find((attachment) => attachment.mimeType.toLowerCase() === 'message/feedback-report');
  const sample = sampleOf(email);
  const contentType = email.headers.find((header) => header.key === 'content-type')?.value ?? '';
  const declaresArf = /^\s*multipart\/report\b/i.test(contentType) && /report-type\s*=\s*"?feedback-report\b/i.test(contentType);
  if (feedbackPart !== undefined || declaresArf) {
    return { format: 'arf', feedback: feedbackPart === undefined ? null : decodeFeedback(feedbackPart.content), text: email.text ?? null, sample };
  }
  const text = email.text ?? '';
  if (text.includes(EXIM_MARKER) || (TEXT_SOURCE_FIELD.test(text) && TEXT_DOMAIN_FIELD.test(text))) {
    return { format: 'text', feedback: null, text, sample };
  }
  return null;
}

function sampleOf(email: Email): FailureReportParts['sample'] {
  for (const attachment of email.attachments) {
    const kind = SAMPLE_TYPES[attachment.mimeType.toLowerCase()];
    if (kind !== undefined) return { bytes: bytesOf(attachment.content), headersOnly: kind === 'headers' };
  }
  return null;
}

function bytesOf(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content instanceof Uint8Array ? content : new Uint8Array(content);
}

/**
 * The feedback part as text. postal-mime undoes a declared transfer encoding; some reporters
 * base64 the part without declaring it (parsedmarc's samples have them): a part with no
 * `Feedback-Type` that decodes from base64 to one is read decoded.
 */
function decodeFeedback(content: ArrayBuffer | Uint8Array | string): string {
  const text = Buffer.from(bytesOf(content)).toString('utf8');
  if (/^feedback-type\s*:/im.test(text)) return text;
  const compact = text.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    if (/^feedback-type\s*:/im.test(decoded)) return decoded;
  }
  return text;
}

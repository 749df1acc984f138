import PostalMime, { type Email } from 'postal-mime';
import { CorruptArchiveError, TooManyEntriesError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { detectFormat } from './detect-format.js';

export interface MailAttachment {
  readonly name: string;
  readonly content: Uint8Array;
}

const xmlMimeType = /(^|\/|\+)xml$/i;
/** application/tlsrpt+json (RFC 8460), application/json. */
const jsonMimeType = /(^|\/|\+)json$/i;
/** MIME parts nested in a report e-mail read at most (a report e-mail needs 3). */
const MAX_MIME_DEPTH = 32;

/**
 * The message parsed by postal-mime: base64 and quoted-printable undone, forwarded messages
 * (message/rfc822) kept as attachments to be opened as containers of their own.
 */
export async function readEmail(message: Buffer, name: string): Promise<Email> {
  try {
    return await PostalMime.parse(message, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true, maxNestingDepth: MAX_MIME_DEPTH });
  } catch (error) {
    throw new CorruptArchiveError(`e-mail ${name} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The attachments of a message that can hold a report: compressed files and forwarded messages by
 * their bytes, XML and TLS JSON by their bytes and a name or type saying so (an HTML part also
 * starts with `<`). More than `maxEmailAttachments` of them refuse the whole message: storing some
 * would be a partial write.
 */
export function reportAttachments(email: Email, name: string, limits: Pick<IngestionLimits, 'maxEmailAttachments'>): MailAttachment[] {
  const found: MailAttachment[] = [];
  email.attachments.forEach((attachment, index) => {
    const content =
      typeof attachment.content === 'string' ? Buffer.from(attachment.content, 'utf8') : new Uint8Array(attachment.content);
    const fileName = attachment.filename ?? `attachment-${index + 1}`;
    const format = detectFormat(content.subarray(0, 512));
    const mimeType = attachment.mimeType.toLowerCase();
    // An unnamed application/octet-stream part is read by its bytes, as gzip and zip are.
    const unnamedBytes = mimeType === 'application/octet-stream';
    const saysXml = /\.xml$/i.test(fileName) || xmlMimeType.test(mimeType) || unnamedBytes;
    const saysJson = /\.json$/i.test(fileName) || jsonMimeType.test(mimeType) || unnamedBytes;
    const isMessage = mimeType === 'message/rfc822';
    if (format === 'gzip' || format === 'zip' || (format === 'xml' && saysXml) || (format === 'json' && saysJson) || (format === 'email' && isMessage)) {
      found.push({ name: fileName, content });
    }
  });
  if (found.length > limits.maxEmailAttachments) {
    throw new TooManyEntriesError(
      `e-mail ${name} has ${found.length} report attachments; at most ${limits.maxEmailAttachments} are read (maxEmailAttachments)`,
    );
  }
  return found;
}

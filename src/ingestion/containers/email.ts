import PostalMime from 'postal-mime';
import { CorruptArchiveError, TooManyEntriesError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { detectFormat } from './detect-format.js';

export interface MailAttachment {
  readonly name: string;
  readonly content: Uint8Array;
}

const xmlMimeType = /(^|\/|\+)xml$/i;

/**
 * The attachments of a message that can hold a report: compressed files and forwarded messages by
 * their bytes, XML by its bytes and a name or type saying XML (an HTML part also starts with `<`).
 * Base64 and quoted-printable transfer encodings are undone by the MIME parser. More than
 * `maxEmailAttachments` of them refuse the whole message: storing some would be a partial write.
 */
export async function reportAttachments(message: Buffer, name: string, limits: Pick<IngestionLimits, 'maxEmailAttachments'>): Promise<MailAttachment[]> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(message, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true });
  } catch (error) {
    throw new CorruptArchiveError(`e-mail ${name} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const found: MailAttachment[] = [];
  email.attachments.forEach((attachment, index) => {
    const content =
      typeof attachment.content === 'string' ? Buffer.from(attachment.content, 'utf8') : new Uint8Array(attachment.content);
    const fileName = attachment.filename ?? `attachment-${index + 1}`;
    const format = detectFormat(content.subarray(0, 512));
    // An unnamed application/octet-stream part is read by its bytes, as gzip and zip are.
    const saysXml = /\.xml$/i.test(fileName) || xmlMimeType.test(attachment.mimeType) || attachment.mimeType.toLowerCase() === 'application/octet-stream';
    const isMessage = attachment.mimeType.toLowerCase() === 'message/rfc822';
    if (format === 'gzip' || format === 'zip' || (format === 'xml' && saysXml) || (format === 'email' && isMessage)) {
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

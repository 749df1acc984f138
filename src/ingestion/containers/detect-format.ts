export type ContainerFormat = 'xml' | 'json' | 'gzip' | 'zip' | 'email';

/** Leading bytes `detectFormat` needs to decide. */
export const SNIFF_BYTES = 512;

/**
 * Decides from the content, not the name: reporters mislabel attachments (`.xml` that is gzip,
 * `.zip` sent as application/octet-stream). Null when it is none of the formats we read.
 * JSON is an SMTP TLS report (RFC 8460): a JSON text that is an object starts with `{`.
 */
export function detectFormat(head: Uint8Array): ContainerFormat | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // Local file header, or the end record of an empty archive.
  if (head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6))) return 'zip';
  const text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
  if (/^(\xFF\xFE|\xFE\xFF)/.test(text)) return 'xml';
  const unmarked = text.replace(/^\xEF\xBB\xBF/, '');
  if (/^\s*\{/.test(unmarked)) return 'json';
  if (unmarked !== text || /^\s*</.test(text)) return 'xml';
  // An RFC 5322 message starts with header fields ("Received: ...") or an mbox "From " line.
  if (/^(From |[\x21-\x39\x3b-\x7e]{1,76}:)/.test(text)) return 'email';
  return null;
}

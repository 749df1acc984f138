import { TextDecoder } from 'node:util';
import { InvalidEncodingError } from '../errors.js';

/** How many leading bytes are enough to see a byte order mark and the XML declaration. */
export const ENCODING_SNIFF_BYTES = 256;

/**
 * The decoder for a document, from its byte order mark or XML declaration (UTF-8 if neither).
 * `fatal` so that invalid bytes are refused instead of silently becoming U+FFFD in stored data.
 */
export function decoderFor(head: Uint8Array): TextDecoder {
  const label = encodingLabel(head);
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    throw new InvalidEncodingError(`the report declares the unsupported character encoding "${label}"`);
  }
}

function encodingLabel(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declaration = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(
    Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, ENCODING_SNIFF_BYTES)).toString('latin1'),
  );
  return declaration?.[1]?.toLowerCase() ?? 'utf-8';
}

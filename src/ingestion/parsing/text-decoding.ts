import { TextDecoder } from 'node:util';
import { InvalidEncodingError } from '../errors.js';

/** How many leading bytes are enough to see a byte order mark and the XML declaration. */
export const ENCODING_SNIFF_BYTES = 256;

/**
 * The decoder for a document, from its byte order mark or XML declaration (UTF-8 if neither).
 * Not `fatal`: an invalid byte (a Windows-1252 letter in a UTF-8 report) becomes U+FFFD, as
 * parsedmarc reads it, and the parser says so in a warning (see `replacedSequences`).
 */
export function decoderFor(head: Uint8Array): TextDecoder {
  const label = encodingLabel(head);
  try {
    return new TextDecoder(label);
  } catch {
    throw new InvalidEncodingError(`the report declares the unsupported character encoding "${label}"`);
  }
}

/** U+FFFD as the document's own bytes: a report may contain it legitimately. */
const encodedReplacement: Readonly<Record<string, Buffer>> = {
  'utf-8': Buffer.from([0xef, 0xbf, 0xbd]),
  'utf-16le': Buffer.from([0xfd, 0xff]),
  'utf-16be': Buffer.from([0xff, 0xfd]),
};

/**
 * How many U+FFFD of `text`, decoded from `bytes`, the decoder put in for invalid byte sequences
 * (those beyond the ones the bytes spell out themselves). Only called when `text` has one.
 */
export function replacedSequences(text: string, bytes: Uint8Array, encoding: string): number {
  let decoded = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) decoded++;
  const literal = encodedReplacement[encoding];
  if (literal === undefined) return decoded;
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let spelled = 0;
  for (let i = raw.indexOf(literal); i !== -1; i = raw.indexOf(literal, i + literal.length)) spelled++;
  return Math.max(0, decoded - spelled);
}

function encodingLabel(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declaration = /^(?:\xEF\xBB\xBF)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(
    Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, ENCODING_SNIFF_BYTES)).toString('latin1'),
  );
  return declaration?.[1]?.toLowerCase() ?? 'utf-8';
}

import { JsonTooDeepError, MalformedJsonError } from '../errors.js';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of arrays and objects, counted in one pass without building anything, so a
 * document nested a million levels deep is refused before JSON.parse holds any of it.
 */
function checkJsonDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      if (++depth > maxDepth) throw new JsonTooDeepError(`JSON nested more than ${maxDepth} arrays and objects deep (maxJsonDepth) at character ${i}`);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth--;
    }
  }
}

/**
 * The JSON object in `bytes` (UTF-8, a BOM allowed). Bytes that are no UTF-8 become U+FFFD with a
 * warning, as in aggregate reports; a syntax error or a value that is not an object is
 * MALFORMED_JSON with the position JSON.parse names.
 */
export function readJsonObject(bytes: Uint8Array, name: string, maxDepth: number, warn: (message: string) => void): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    warn(`${name} has bytes that are not UTF-8; each was read as U+FFFD`);
  }
  checkJsonDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new MalformedJsonError(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MalformedJsonError(`${name} is JSON but not an object (an RFC 8460 report is one)`);
  return value as Record<string, unknown>;
}

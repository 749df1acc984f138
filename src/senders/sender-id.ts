import { BadUserInputError } from '../errors/app-error.js';

/** A sender of one policy domain, as its GraphQL id names it. */
export interface SenderRef {
  readonly domain: string;
  readonly key: string;
}

// Names may hold spaces (`service:twilio sendgrid`), never line breaks or tabs.
const KEY = /^(service|domain|asn|ip):[^\t\n\r\v\f]{1,300}$/;

/** Opaque to clients: base64url of `[domain, key]`. */
export function encodeSenderId(ref: SenderRef): string {
  return Buffer.from(JSON.stringify([ref.domain, ref.key])).toString('base64url');
}

/** BAD_USER_INPUT for anything encodeSenderId did not make. */
export function decodeSenderId(id: string): SenderRef {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    typeof parsed[1] === 'string' &&
    parsed[0].length > 0 &&
    parsed[0].length <= 253 &&
    KEY.test(parsed[1])
  ) {
    return { domain: parsed[0].toLowerCase(), key: parsed[1] };
  }
  throw new BadUserInputError(`invalid sender id "${id.slice(0, 100)}": use an id the senders query returned`);
}

import { randomBytes } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters from [A-Za-z0-9], uniformly: bytes of 248 and above are dropped rather than
 * folded (248 = 4 * 62), which would make some characters likelier than others.
 */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A password for a new or reset account, shown once: 24 base62 characters, about 143 bits. */
export function generatePassword(): string {
  return randomBase62(24);
}

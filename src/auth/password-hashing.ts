import argon2 from 'argon2';

/**
 * argon2id with OWASP's first recommended setting (m=19 MiB, t=2, p=1). The parameters are stored
 * in each encoded hash, so raising them later only affects new hashes; `needsRehash` tells which
 * stored ones are older.
 */
const argon2Parameters = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, argon2Parameters);
}

/** False for a wrong password and for a malformed stored hash alike. */
export async function verifyPassword(encodedHash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(encodedHash, password);
  } catch {
    return false;
  }
}

export function needsRehash(encodedHash: string): boolean {
  return argon2.needsRehash(encodedHash, argon2Parameters);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same work as checking a real password, for logins with an unknown e-mail address,
 * so response time does not reveal which addresses have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy password that matches nothing');
  await verifyPassword(await dummyHash, password);
  return false;
}

import { describe, expect, it } from 'vitest';
import { WeakPasswordError } from '../../src/auth/errors.js';
import { hashPassword, needsRehash, verifyPassword } from '../../src/auth/password-hashing.js';
import { assertAcceptablePassword, passwordProblems } from '../../src/auth/password-policy.js';
import { generatePassword } from '../../src/auth/random-secret.js';

describe('password hashing', () => {
  it('uses argon2id with m=19 MiB, t=2, p=1 and a per-hash salt, and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
    expect(needsRehash(hash)).toBe(false);
  });

  it('treats a malformed stored hash as a mismatch, not a crash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever-password')).toBe(false);
  });
});

describe('password policy', () => {
  const email = 'alice.smith@example.com';

  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('plum-Otter-42-violin', email)).toEqual([]);
    expect(() => assertAcceptablePassword('plum-Otter-42-violin', email)).not.toThrow();
  });

  it('refuses passwords shorter than 12 characters', () => {
    expect(passwordProblems('x9!Tq7#mL2a', email)).toEqual(['must be at least 12 characters long']);
  });

  it('refuses the email address and its local part, whatever the case', () => {
    expect(passwordProblems('Alice.Smith@Example.com', email)).toEqual(['must not be the email address or its local part']);
    expect(passwordProblems('ALICE.SMITH', 'alice.smith@example.com')).toEqual(expect.arrayContaining(['must not be the email address or its local part']));
    expect(passwordProblems('AliceSmith1234', 'alicesmith1234@example.com')).toEqual(['must not be the email address or its local part']);
  });

  it('refuses common passwords from the zxcvbn list, whatever the case', () => {
    expect(passwordProblems('qwerty123456', email)).toEqual(['is one of the most common passwords']);
    expect(passwordProblems('LeaveMeAlone', email)).toEqual(['is one of the most common passwords']);
  });

  it('lists every broken rule at once in a WEAK_PASSWORD error', () => {
    let error: unknown;
    try {
      assertAcceptablePassword('password', 'password@example.com');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WeakPasswordError);
    const weak = error as WeakPasswordError;
    expect(weak).toMatchObject({ code: 'WEAK_PASSWORD', httpStatus: 400 });
    expect(weak.reasons).toEqual([
      'must be at least 12 characters long',
      'must not be the email address or its local part',
      'is one of the most common passwords',
    ]);
    expect(weak.message).toContain('must be at least 12 characters long; must not be the email');
  });

  it('generates passwords that pass the policy', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(passwordProblems(password, email)).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import type { Principal } from '../../src/auth/principal.js';
import { CREDENTIAL_RECHECK_TTL_MS, SharedCredentialChecks } from '../../src/http/shared-credential-checks.js';

const viewer: Principal = { kind: 'apiKey', id: 'k1', role: Role.VIEWER };

/** A check that answers when told to, counting how often it was asked. */
function pendingCheck() {
  let asked = 0;
  let answer: (principal: Principal | null) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  return {
    get asked() {
      return asked;
    },
    run: () => {
      asked++;
      return new Promise<Principal | null>((resolve, reject) => {
        answer = resolve;
        fail = reject;
      });
    },
    answer: (principal: Principal | null) => answer(principal),
    fail: (error: Error) => fail(error),
  };
}

describe('shared credential checks', () => {
  it('share the check in flight and reuse its answer until the TTL ends', async () => {
    let now = 0;
    const checks = new SharedCredentialChecks(() => now);
    const check = pendingCheck();
    const burst = Array.from({ length: 200 }, () => checks.principalOf('key-a', check.run));
    check.answer(viewer);
    expect(await Promise.all(burst)).toEqual(Array(200).fill(viewer));
    expect(check.asked).toBe(1);

    now = CREDENTIAL_RECHECK_TTL_MS - 1;
    expect(await checks.principalOf('key-a', check.run)).toBe(viewer);
    expect(check.asked).toBe(1);

    now = CREDENTIAL_RECHECK_TTL_MS;
    const renewed = checks.principalOf('key-a', check.run);
    expect(check.asked).toBe(2);
    check.answer(null);
    expect(await renewed).toBeNull();
  });

  it('keep one answer per credential, forget failures at once and everything on a credential change', async () => {
    const checks = new SharedCredentialChecks(() => 0);
    const check = pendingCheck();
    const failed = checks.principalOf('key-a', check.run);
    check.fail(new Error('database unavailable'));
    await expect(failed).rejects.toThrow('database unavailable');
    expect(checks.size).toBe(0);

    const other = pendingCheck();
    const a = checks.principalOf('key-a', check.run);
    const b = checks.principalOf('key-b', other.run);
    check.answer(viewer);
    other.answer({ ...viewer, id: 'k2' });
    expect((await a)?.id).toBe('k1');
    expect((await b)?.id).toBe('k2');
    expect(checks.size).toBe(2);

    checks.forgetAll();
    expect(checks.size).toBe(0);
    void checks.principalOf('key-a', check.run);
    expect(check.asked).toBe(3);
  });
});

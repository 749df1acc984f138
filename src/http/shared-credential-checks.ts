import type { Principal } from '../auth/principal.js';

/** How long an answer about a credential is reused: the longest a change this instance did not hear of goes unnoticed. */
export const CREDENTIAL_RECHECK_TTL_MS = 1_000;
/** Answers kept at most (one per distinct credential in use); the oldest goes first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  readonly at: number;
  readonly answer: Promise<Principal | null>;
}

/**
 * The credential re-check of WebSocket operations, bounded: every socket of a principal re-checks
 * the same credential before each operation, and 200 operations at once must not be 200 database
 * reads on a pool of 10. Checks of one credential share the one in flight, and its answer is
 * reused for CREDENTIAL_RECHECK_TTL_MS. A credential change heard by this instance (its own, or
 * another instance's through the event bus) forgets every answer at once, so a revocation still
 * ends the stream at once; one it did not hear of is seen within the TTL.
 */
export class SharedCredentialChecks {
  /** By credential; insertion order is age order (an entry is re-inserted when renewed). */
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The answer of `check` for `credential`, shared. `credential` is the exact credential text the
   * check reads (two tokens of one user are two entries).
   */
  principalOf(credential: string, check: () => Promise<Principal | null>): Promise<Principal | null> {
    const now = this.now();
    this.#dropExpired(now);
    const cached = this.#entries.get(credential);
    if (cached) return cached.answer;
    const answer = check();
    this.#entries.set(credential, { at: now, answer });
    if (this.#entries.size > MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    // A refusal or an outage is not reused: the next operation asks the database again.
    answer.catch(() => {
      if (this.#entries.get(credential)?.answer === answer) this.#entries.delete(credential);
    });
    return answer;
  }

  /** After a role change, password change or revocation: nothing known before it is trusted. */
  forgetAll(): void {
    this.#entries.clear();
  }

  /** Answers held now (for tests). */
  get size(): number {
    return this.#entries.size;
  }

  #dropExpired(now: number): void {
    for (const [credential, entry] of this.#entries) {
      if (now - entry.at < CREDENTIAL_RECHECK_TTL_MS) return;
      this.#entries.delete(credential);
    }
  }
}

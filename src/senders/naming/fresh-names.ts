/**
 * Which addresses this process named (or found named) recently, and until when: re-naming an
 * address whose name is fresh costs a map lookup instead of a database round trip. Bounded: the
 * oldest entries go first once `maxEntries` is reached (about 100 bytes each). sender_names stays
 * the truth; this only answers "fresh, skip it" sooner.
 */
export class FreshNames {
  readonly #until = new Map<string, number>();

  constructor(private readonly maxEntries = 250_000) {}

  /** True when the address's name is known fresh at `now` (epoch ms). */
  isFresh(ip: string, now: number): boolean {
    const until = this.#until.get(ip);
    if (until === undefined) return false;
    if (until > now) return true;
    this.#until.delete(ip);
    return false;
  }

  remember(ip: string, expiresAt: number): void {
    this.#until.delete(ip);
    this.#until.set(ip, expiresAt);
    if (this.#until.size > this.maxEntries) this.#until.delete(this.#until.keys().next().value!);
  }

  get size(): number {
    return this.#until.size;
  }
}

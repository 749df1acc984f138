/**
 * A small in-process LRU with a time-to-live, in front of analytics_cache: a hot answer is served
 * without a database round trip or a JSON parse. Entries carry the domain they depend on so an
 * invalidation can drop them like the table's rows.
 */
export class MemoryLru<V> {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recent.
  private readonly entries = new Map<string, { value: V; domain: string | null; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** `ttlMs` shortens the entry's life below the LRU's own (never lengthens it). */
  set(key: string, value: V, domain: string | null, ttlMs = this.ttlMs): void {
    this.entries.delete(key);
    this.entries.set(key, { value, domain, expiresAt: this.now() + Math.min(ttlMs, this.ttlMs) });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Drops the entries of the domain and those spanning every domain (domain null). */
  invalidate(domain: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.domain === null || entry.domain === domain) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

import type { GeoCacheCounters } from './cached-geo-location.js';

/** Cache hits and misses since the process started (per distinct address per call). */
export class HitCounter {
  private hits = 0;
  private misses = 0;

  record(hits: number, misses: number): void {
    this.hits += hits;
    this.misses += misses;
  }

  snapshot(): GeoCacheCounters {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRate: total === 0 ? null : this.hits / total };
  }
}

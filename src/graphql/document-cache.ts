import type { DocumentNode } from 'graphql';
import { MemoryLru } from '../analytics/memory-lru.js';

/** Distinct operation texts kept; dashboards send a handful, so this is plenty. */
const MAX_DOCUMENTS = 1_000;
/** Longer texts are parsed every time rather than kept. */
const MAX_CACHED_TEXT = 16 * 1024;
const TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Parsed and validated documents by operation text. Thousands of dashboards subscribing with the
 * same operation then share one AST (a parsed document with its token list is several KB) instead
 * of each holding its own for as long as its subscription lives, and validation runs once.
 */
export class DocumentCache {
  readonly #documents = new MemoryLru<DocumentNode>(MAX_DOCUMENTS, TTL_MS);

  /** The cached document, or the one `prepare` makes (cached when it is valid: `prepare` returned a DocumentNode). */
  get<Invalid>(text: string, prepare: () => DocumentNode | Invalid, isDocument: (value: DocumentNode | Invalid) => value is DocumentNode): DocumentNode | Invalid {
    const cached = this.#documents.get(text);
    if (cached) return cached;
    const prepared = prepare();
    if (isDocument(prepared) && text.length <= MAX_CACHED_TEXT) this.#documents.set(text, prepared, null);
    return prepared;
  }
}

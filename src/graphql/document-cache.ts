import { Kind, type DocumentNode, type GraphQLError } from 'graphql';
import { MemoryLru } from '../caching/memory-lru.js';

/** Distinct operation texts kept; dashboards send a handful, so this is plenty. */
const MAX_DOCUMENTS = 1_000;
/** Longer texts are parsed every time rather than kept. */
const MAX_CACHED_TEXT = 16 * 1024;
const TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Parsed and validated documents by operation text. Thousands of dashboards subscribing with the
 * same operation then share one AST (a parsed document with its token list is several KB) instead
 * of each holding its own for as long as its subscription lives, and validation runs once.
 * Only valid documents are kept: a refused text is parsed and refused again each time.
 */
export class DocumentCache {
  readonly #documents = new MemoryLru<DocumentNode>(MAX_DOCUMENTS, TTL_MS);

  /** The cached document, or what `prepare` answers: a valid document (then cached) or its errors. */
  get(text: string, prepare: () => DocumentNode | readonly GraphQLError[]): DocumentNode | readonly GraphQLError[] {
    const cached = this.#documents.get(text);
    if (cached) return cached;
    const prepared = prepare();
    if (isDocument(prepared) && text.length <= MAX_CACHED_TEXT) this.#documents.set(text, prepared, null);
    return prepared;
  }
}

export function isDocument(value: DocumentNode | readonly GraphQLError[]): value is DocumentNode {
  return !Array.isArray(value) && (value as DocumentNode).kind === Kind.DOCUMENT;
}

import { buildSchema, Kind, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../src/graphql/document-cache.js';
import { prepareWebSocketOperation } from '../../src/graphql/websocket-operation.js';

const schema = buildSchema('type Item { x: Int } type Query { a: Int, b(first: Int): [Item] }');

describe('WebSocket document cache', () => {
  it('gives identical operations one shared, validated document and keeps invalid ones out', () => {
    const cache = new DocumentCache();
    let validations = 0;
    const counting = (s: typeof schema, d: DocumentNode) => {
      validations++;
      return validate(s, d);
    };
    const run = (query: string, variables?: Record<string, unknown>) => prepareWebSocketOperation(schema, { query, ...(variables ? { variables } : {}) }, counting, 1_000, cache);
    const first = run('{ a }');
    const second = run('{ a }');
    expect('document' in first && 'document' in second && first.document === second.document).toBe(true);
    expect(validations).toBe(1);

    const invalid = run('{ nope }') as readonly GraphQLError[];
    expect(invalid[0]?.message).toMatch(/Cannot query field "nope"/);
    run('{ nope }');
    expect(validations).toBe(3);
    // The cost still depends on each operation's variables.
    const costly = run('query($n: Int) { b(first: $n) { x } }', { n: 5_000 }) as readonly GraphQLError[];
    expect(costly[0]?.message).toMatch(/Cost limit/);
    const cheap = run('query($n: Int) { b(first: $n) { x } }', { n: 5 });
    expect('document' in cheap && cheap.document.kind).toBe(Kind.DOCUMENT);
  });
});

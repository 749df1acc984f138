import { buildSchema, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache, isDocument } from '../../src/graphql/document-cache.js';

const schema = buildSchema('type Query { a: Int }');

describe('document cache of the operation pipeline', () => {
  it('gives identical operations one shared, validated document and keeps invalid ones out', () => {
    const cache = new DocumentCache();
    let prepared = 0;
    const prepare = (text: string) => (): DocumentNode | readonly GraphQLError[] => {
      prepared++;
      const document = parse(text);
      const errors = validate(schema, document);
      return errors.length > 0 ? errors : document;
    };
    const first = cache.get('{ a }', prepare('{ a }'));
    const second = cache.get('{ a }', prepare('{ a }'));
    expect(isDocument(first) && first === second).toBe(true);
    expect(prepared).toBe(1);

    const invalid = cache.get('{ nope }', prepare('{ nope }'));
    expect(isDocument(invalid)).toBe(false);
    expect((invalid as readonly GraphQLError[])[0]?.message).toMatch(/Cannot query field "nope"/);
    cache.get('{ nope }', prepare('{ nope }'));
    expect(prepared).toBe(3);
  });
});

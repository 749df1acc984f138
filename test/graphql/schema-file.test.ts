import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraphQLSchema, printSchemaSdl } from '../../src/graphql/schema.js';
import { projectRoot } from '../../src/paths.js';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema` after changing resolvers)', async () => {
    const committed = readFileSync(join(projectRoot, 'schema.graphql'), 'utf8');
    expect(printSchemaSdl(await buildGraphQLSchema())).toBe(committed);
  });
});

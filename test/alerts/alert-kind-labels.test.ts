import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { alertKindLabel, alertKindLabels, alertKindPhrase } from '../../src/alerts/alert-kind-labels.js';
import { projectRoot } from '../../src/paths.js';

describe('alert kinds in words', () => {
  it('has a label for every AnomalyKind of the schema', () => {
    const schema = buildSchema(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8'));
    const kinds = (schema.getType('AnomalyKind') as GraphQLEnumType).getValues().map((v) => v.name);
    expect(Object.keys(alertKindLabels).sort()).toEqual([...kinds].sort());
  });

  it('writes initialisms as people do, and lowers only the first letter inside a sentence', () => {
    expect(alertKindLabel('NEW_SENDING_IP')).toBe('New sending IP');
    expect(alertKindPhrase('NEW_SENDING_IP')).toBe('new sending IP');
    expect(alertKindLabel('MODEL')).toBe('Unusual sender');
    // A kind this code does not know yet (a newer server) is still words, not a code.
    expect(alertKindLabel('DNS_CHANGE')).toBe('Dns change');
  });
});

import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { printDemoSummary } from '../../src/demo/demo-summary.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { SENDER_CLASSIFICATIONS, type SenderClassification } from '../../src/senders/classification/rules.js';

describe('the demo summary', () => {
  it('suggests a first query the schema answers (no removed field)', async () => {
    const summary = printDemoSummary(
      {
        reports: { stored: 536, alreadyStored: 0 },
        records: 2479,
        admin: { email: 'admin@demo.example', password: 'x'.repeat(20) },
        viewerKey: 'dmarc_demo',
        model: { id: 'model', trainedNow: true },
        detection: { scored: 300, anomalies: 12, new: 12, topSourceIps: ['203.0.113.7'] },
        planted: { campaignIps: 40, compromisedIps: ['198.51.100.9'] },
        senders: { total: 30, named: 25, byClassification: Object.fromEntries(SENDER_CLASSIFICATIONS.map((c) => [c, 5])) as Record<SenderClassification, number>, names: 'zone' },
      },
      loadConfig({ NODE_ENV: 'test' }),
      15_000,
      false,
    );
    const query = summary.split('then paste:')[1]!.trim();
    expect(query).toMatch(/^\{ reportSummary/);
    expect(validate(await buildGraphQLSchema(), parse(query))).toEqual([]);
  });
});

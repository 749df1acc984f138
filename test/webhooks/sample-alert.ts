import type { WebhookAlert } from '../../src/webhooks/index.js';

let next = 0;

/** An alert as the alert service hands it to listeners; every field of the GraphQL Alert type. */
export function sampleAlert(overrides: Partial<WebhookAlert> = {}): WebhookAlert {
  const seen = new Date('2026-11-30T08:00:00Z');
  return {
    id: `alert-${++next}`,
    kind: 'NEW_SENDING_IP',
    state: 'OPEN',
    score: 0.82,
    sourceIp: '203.0.113.7',
    domains: ['example.com'],
    countryCode: 'DE',
    city: 'Berlin',
    latitude: 52.52,
    longitude: 13.4,
    asn: 64500,
    asOrganization: 'Example Net',
    reasons: ['first mail from this IP for example.com', '120 messages, 0% DMARC pass'],
    modelId: null,
    messageCount: 120,
    firstSeenAt: seen,
    lastSeenAt: seen,
    createdAt: new Date('2026-11-30T09:00:00Z'),
    stateChangedAt: null,
    stateChangedBy: null,
    comment: null,
    ...overrides,
  };
}

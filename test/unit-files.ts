/**
 * The test files that need no store (no PostgreSQL, MongoDB, Redis, IMAP or Chromium):
 * `npm run test:unit` runs exactly these, without the global setup, in seconds. A file listed here
 * that starts needing a store fails there at once (nothing is started for it); `npm test` runs
 * every file, listed or not. Add a new store-free test file here, unless it takes seconds by itself:
 * test/security/ingestion-limits.test.ts (megabytes of hostile input) stays out so the list runs
 * in under 15 s.
 */
export const unitTestFiles: readonly string[] = [
  'test/alerts/alert-kind-labels.test.ts',
  'test/anomaly-detection/explanation.test.ts',
  'test/anomaly-detection/isolation-forest.test.ts',
  'test/anomaly-detection/prng.test.ts',
  'test/anomaly-detection/quantile.test.ts',
  'test/anomaly-detection/roc-auc.test.ts',
  'test/anomaly-detection/scoring-layouts.test.ts',
  'test/anomaly-detection/serialization.test.ts',
  'test/anomaly-detection/validation.test.ts',
  'test/auth/config.test.ts',
  'test/auth/passwords.test.ts',
  'test/browser/ide-redact-secrets.test.ts',
  'test/config/config.test.ts',
  'test/database/embedded-postgres-reach.test.ts',
  'test/errors/error-codes.test.ts',
  'test/events/domain-events.test.ts',
  'test/failure-reports/failure-parsing.test.ts',
  'test/failure-reports/redaction.test.ts',
  'test/geolocation/database-failures.test.ts',
  'test/geolocation/geolocation-service.test.ts',
  'test/geolocation/hot-reload.test.ts',
  'test/geolocation/ip-address.test.ts',
  'test/geolocation/reserved-ranges.test.ts',
  'test/geolocation/stored-geolocation.test.ts',
  'test/graphql/preserialized-json.test.ts',
  'test/graphql/schema-file.test.ts',
  'test/http/shared-credential-checks.test.ts',
  'test/http/subscription-frames.test.ts',
  'test/ingestion/concatenated.test.ts',
  'test/ingestion/containers.test.ts',
  'test/ingestion/formats.test.ts',
  'test/ingestion/ip-address.test.ts',
  'test/ingestion/parsedmarc-comparison.test.ts',
  'test/ingestion/recovery.test.ts',
  'test/ingestion/security.test.ts',
  'test/ingestion/streaming.test.ts',
  'test/ingestion/validation.test.ts',
  'test/layout/import-direction.test.ts',
  'test/logging/logger.test.ts',
  'test/senders/classification-rules.test.ts',
  'test/senders/service-map.test.ts',
  'test/setup/system-packages.test.ts',
  'test/subscriptions/group-permission-rules.test.ts',
  'test/tls-reports/tls-parsing.test.ts',
];

import type { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { AlertEvidence } from './alert-evidence.js';
import { FailureReportQueryService } from './failure-report-query-service.js';

/**
 * Failure reports (RUF) for the API, each with its source's location from the geolocation cache,
 * and failure samples as alert evidence (reactions to `failureReportIngested` and `alertsRaised`,
 * src/app/reactions.ts). Naming the source IP (FCrDNS, service map) plugs in beside the location
 * once the senders concern provides it.
 */
export function failureReportsModule(
  context: ConcernContext,
  geo: CachedGeoLookup,
): ConcernModule<{ failureReports: FailureReportQueryService; alertEvidence: AlertEvidence }> {
  const { em, logger } = context;
  return {
    name: 'failure-reports',
    provides: { failureReports: new FailureReportQueryService(em, geo, logger.child({ component: 'failure-reports' })), alertEvidence: new AlertEvidence(em) },
  };
}

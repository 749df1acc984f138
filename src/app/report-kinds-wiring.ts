import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertService } from '../alerts/alert-service.js';
import type { Config } from '../config/config.js';
import { AlertEvidence } from '../failure-reports/alert-evidence.js';
import { FailureReportQueryService } from '../failure-reports/failure-report-query-service.js';
import type { CachedGeoLookup } from '../geolocation/cache/index.js';
import type { ReportIngestionService } from '../ingestion/storage/index.js';
import type { Logger } from '../logging/logger.js';
import { TlsFailureAlerts } from '../tls-reports/tls-failure-alerts.js';
import { TlsReportQueryService } from '../tls-reports/tls-report-query-service.js';

export interface ReportKindServices {
  /** Failure reports (RUF) for the API: personal data, ANALYST and ADMIN. */
  readonly failureReports: FailureReportQueryService;
  /** SMTP TLS reports for the API, and the TLS success of each domain. */
  readonly tlsReports: TlsReportQueryService;
  /** The TLS_FAILURES check, run after each stored TLS report. */
  readonly tlsAlerts: TlsFailureAlerts;
}

/**
 * Who reacts to failure and TLS reports, in one place:
 * - a stored failure report: its source IP is geolocated (geolocation cache) and the report is
 *   linked as evidence to the open alerts of that IP;
 * - a stored TLS report: its domains' failed-session share is checked (TLS_FAILURES alerts);
 * - raised alerts: the failure samples their source IPs sent before are linked to them.
 * Naming the source IP (FCrDNS, service map) plugs in here once the senders service exists.
 */
export function wireReportKinds(deps: {
  em: EntityManager;
  config: Pick<Config, 'tlsAlerts'>;
  ingestion: ReportIngestionService;
  alerts: AlertService;
  geo: CachedGeoLookup;
  logger: Logger;
}): ReportKindServices {
  const { em, config, ingestion, alerts, geo, logger } = deps;
  const evidence = new AlertEvidence(em);
  const tlsAlerts = new TlsFailureAlerts(em, alerts, config.tlsAlerts);
  ingestion.onFailureReportIngested.push(async (event) => {
    if (event.sourceIp !== null) {
      await geo.geolocateNewIps([event.sourceIp]).catch((error: unknown) => {
        // GeoIP down: the report is shown without a location until a lookup succeeds.
        logger.warn({ err: error, failureReportId: event.failureReportId }, 'could not geolocate a failure report\'s source');
      });
    }
    const attached = await evidence.attachReport(event.failureReportId, event.sourceIp);
    if (attached.length > 0) logger.info({ failureReportId: event.failureReportId, alerts: attached }, 'failure sample attached to open alerts as evidence');
  });
  ingestion.onTlsReportIngested.push(async (event) => {
    await tlsAlerts.check(event.policyDomains);
  });
  alerts.onRaised(async (raised) => {
    const linked = await evidence.attachEarlierReports(raised);
    if (linked > 0) logger.info({ alerts: raised.length, linked }, 'earlier failure samples attached to new alerts as evidence');
  });
  return {
    failureReports: new FailureReportQueryService(em, geo, logger.child({ component: 'failure-reports' })),
    tlsReports: new TlsReportQueryService(em),
    tlsAlerts,
  };
}

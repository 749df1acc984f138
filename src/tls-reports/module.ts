import type { AlertService } from '../alerts/alert-service.js';
import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { TlsFailureAlerts } from './tls-failure-alerts.js';
import { TlsReportQueryService } from './tls-report-query-service.js';

/** SMTP TLS reports for the API, each domain's TLS success, and the TLS_FAILURES check (a reaction to `tlsReportIngested`). */
export function tlsReportsModule(context: ConcernContext, alerts: AlertService): ConcernModule<{ tlsReports: TlsReportQueryService; tlsAlerts: TlsFailureAlerts }> {
  const { em, config } = context;
  return { name: 'tls-reports', provides: { tlsReports: new TlsReportQueryService(em), tlsAlerts: new TlsFailureAlerts(em, alerts, config.tlsAlerts) } };
}

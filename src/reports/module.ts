import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { ReportQueryService } from './report-query-service.js';

/** Reading stored reports and their records. */
export function reportsModule(context: ConcernContext): ConcernModule<{ reports: ReportQueryService }> {
  return { name: 'reports', provides: { reports: new ReportQueryService(context.em) } };
}

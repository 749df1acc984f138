import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { Metrics } from './metrics.js';

/**
 * The process's metrics (Prometheus text format): built first, so every concern built after it
 * may report to it; what it reads at scrape time is given once the service graph exists
 * (src/app/composition-root.ts), what it hears through domain events is in src/app/reactions.ts.
 * Served on GET /metrics (src/http/metrics-route.ts), or on METRICS_PORT by serve and worker.
 */
export function metricsModule(_context: ConcernContext): ConcernModule<{ metrics: Metrics }> {
  return { name: 'metrics', provides: { metrics: new Metrics() } };
}

import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { AnomalyModelService } from './model-service.js';

/** Anomaly model training, deployment and detection, plus the rule-based signals; each run emits `detectionFinished`. */
export function anomalyDetectionModule(context: ConcernContext): ConcernModule<{ anomalies: AnomalyModelService }> {
  return { name: 'anomaly-detection', provides: { anomalies: new AnomalyModelService(context.em, context.logger, context.events) } };
}

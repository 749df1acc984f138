import type { AnomalyView } from '../anomaly-detection/anomaly-views.js';

/** An anomaly as it travels on the event bus: JSON, dates as ISO strings. */
export function anomalyToMessage(anomaly: AnomalyView): unknown {
  return JSON.parse(JSON.stringify(anomaly));
}

export function anomalyFromMessage(message: unknown): AnomalyView {
  const m = message as AnomalyView & { windowStart: string; windowEnd: string; detectedAt: string };
  return { ...m, windowStart: new Date(m.windowStart), windowEnd: new Date(m.windowEnd), detectedAt: new Date(m.detectedAt) };
}

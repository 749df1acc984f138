/**
 * Messages between the parts of the service, and between instances: alerts raised and updated,
 * anomalies detected, credentials revoked. Payloads are plain JSON values (Dates as ISO strings),
 * so the in-memory and the Redis bus behave alike. A message published on any instance reaches
 * every subscriber of every instance exactly once.
 */
export interface EventBus {
  /** 'memory' (this process only) or 'redis' (every instance sharing REDIS_URL). */
  readonly kind: 'memory' | 'redis';
  publish(topic: Topic, payload: unknown): Promise<void>;
  /**
   * Several payloads of one topic as one message (one Redis PUBLISH for a detection run's alerts,
   * not one round trip each). Listeners still get each payload on its own, in order, one right
   * after the other, so a subscriber can handle them together (the subscription hub does).
   */
  publishMany(topic: Topic, payloads: readonly unknown[]): Promise<void>;
  /** Resolves once the subscription is in place; returns the function that ends it. */
  subscribe(topic: Topic, listener: (payload: unknown) => void): Promise<() => void>;
  /** Resolves when the bus can carry events now (readiness); throws DependencyUnavailableError otherwise. */
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Every topic of the bus, in one place. */
export const TOPICS = {
  alertRaised: 'alerts.raised',
  alertUpdated: 'alerts.updated',
  anomalyDetected: 'anomalies.detected',
  credentialChanged: 'credentials.changed',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

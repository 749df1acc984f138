import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { HealthService, type DependencyProbe } from './health-service.js';

/** Readiness over the probes of the stores and of the concerns that have one (the job store). */
export function healthModule(context: ConcernContext, probes: readonly DependencyProbe[]): ConcernModule<{ health: HealthService }> {
  const { lifecycle } = context.config;
  return { name: 'health', provides: { health: new HealthService(probes, Math.min(lifecycle.startupTimeoutMs, 5_000), lifecycle.readinessCacheMs) } };
}

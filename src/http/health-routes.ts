import type { FastifyInstance } from 'fastify';
import type { HealthService } from '../health/health-service.js';
import { serviceVersion } from '../version.js';

/**
 * GET /health: liveness, touches nothing, so an orchestrator never restarts us for a database outage.
 * GET /health/ready: readiness, 503 while a required dependency is down.
 */
export function registerHealthRoutes(app: FastifyInstance, health: HealthService, startedAt: Date): void {
  app.get('/health', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok', version: serviceVersion, uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000) };
  });

  app.get('/health/ready', async (_request, reply) => {
    const readiness = await health.readiness();
    reply.header('cache-control', 'no-store').code(readiness.ready ? 200 : 503);
    return {
      status: readiness.status,
      checks: Object.fromEntries(
        readiness.dependencies.map((d) => [
          d.name,
          { status: d.status.toLowerCase(), required: d.required, latencyMs: d.latencyMs, ...(d.message ? { error: d.message } : {}), ...(d.details ?? {}) },
        ]),
      ),
    };
  });
}

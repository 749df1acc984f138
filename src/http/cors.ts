import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * Whether a browser origin is on the allow-list. An entry ending in `:*` allows any port of that
 * scheme and host (handy for local dashboards); production refuses wildcards at start-up.
 */
export function originAllowed(origin: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => {
    if (entry === '*') return true;
    if (entry.endsWith(':*')) {
      const prefix = entry.slice(0, -2);
      return origin === prefix || new RegExp(`^${escapeRegExp(prefix)}:\\d{1,5}$`).test(origin);
    }
    return origin === entry;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** CORS from the allow-list. Credentials travel in headers (bearer tokens, API keys), not cookies. */
export async function registerCors(app: FastifyInstance, allowList: readonly string[]): Promise<void> {
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin === undefined || originAllowed(origin, allowList)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'apollo-require-preflight'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  });
}

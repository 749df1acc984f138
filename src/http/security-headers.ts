import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The whole Content-Security-Policy of API answers, stated here and not merged with helmet's
 * defaults (`useDefaults: false`): nothing an API answers may load, run, frame or be framed.
 */
const apiContentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
};

/**
 * Security headers on every response (helmet): HSTS, no framing, no MIME sniffing, and a strict
 * Content-Security-Policy for an API. Nothing here needs script; the IDE page gets its own policy.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: apiContentSecurityPolicy,
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * The browser pages (GraphiQL on GET /graphql, the map on /map, the senders on /senders) load only their own bundles from
 * this origin (scripts/build-web.ts): no inline script, no eval, nothing from another host. Monaco
 * and React set element styles at run time, hence `'unsafe-inline'` for styles only. `connect-src
 * 'self'` covers the GraphQL requests and the graphql-ws WebSocket on the same host.
 */
const pageDirectives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  workerSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  fontSrc: ["'self'", 'data:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  scriptSrcAttr: ["'none'"],
};

/** GraphiQL, served for GET /graphql with Accept: text/html when the IDE is enabled. */
export const ideContentSecurityPolicy = { useDefaults: false, directives: pageDirectives };

/** The map page (/map). */
export const mapContentSecurityPolicy = { useDefaults: false, directives: pageDirectives };

/** The senders page (/senders). */
export const sendersContentSecurityPolicy = { useDefaults: false, directives: pageDirectives };

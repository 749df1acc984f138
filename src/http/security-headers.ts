import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The whole Content-Security-Policy of API answers, stated here and not merged with helmet's
 * defaults (`useDefaults: false`): nothing an API answers may load, run, frame or be framed.
 */
export const apiContentSecurityPolicy = {
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
 * The GraphQL route also serves the Apollo Sandbox page (GET with Accept: text/html) when the IDE is
 * enabled. The page runs an inline bootstrap script and embeds Apollo's hosted Sandbox; it never
 * needs eval.
 */
export const ideContentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'", 'https://embeddable-sandbox.cdn.apollographql.com'],
    styleSrc: ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    fontSrc: ["'self'", 'https://fonts.gstatic.com'],
    imgSrc: ["'self'", 'data:', 'https://apollo-server-landing-page.cdn.apollographql.com'],
    frameSrc: ['https://sandbox.embed.apollographql.com'],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    objectSrc: ["'none'"],
    scriptSrcAttr: ["'none'"],
  },
};

import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logging/logger.js';
import type { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import type { ClientAddress } from './client-address.js';
import { rateLimitedBody, rateLimitedStatus } from '../rate-limit/rate-limited-error.js';

/**
 * Per-client-IP limit on every HTTP request but health checks (probes from orchestrators and load
 * balancers must never be refused) and scrapes of /metrics by an allowed scraper (`exempt`: a
 * refused scrape is a gap in every graph; one without the token still counts). Over the limit: 429 with Retry-After and the usual
 * `{ error: { code, message, requestId } }` body.
 *
 * Refusing must cost far less than serving, or a flood slows everyone down even while it is being
 * refused: the check runs in onRequest, before the body is read or GraphQL sees anything; a client
 * already known to be over its limit is answered synchronously (RateLimitGate) with a prebuilt
 * body, no error object and no log line (see requestLogsSkipped).
 *
 * The key is the client's address (src/http/client-address.ts): the socket's peer, or behind
 * proxies trusted by TRUST_PROXY the client they name in X-Forwarded-For. Without that setting
 * every client behind a proxy would share the proxy's address (and budget).
 */
/**
 * How long the answer to a client already over its limit is held. Even a cheap refusal costs the
 * event loop ~0.2 ms, and a flood on keep-alive connections gets its next request in as soon as it
 * is answered: 32 connections kept a full batch of refusals ahead of every other client in each
 * turn of the event loop (a well-behaved client's p50 went from 2.5 to 13 ms). Holding the 429
 * limits each of the flood's connections to a couple of requests a second, at no cost but a timer;
 * a client that respects Retry-After never notices.
 */
const REFUSAL_DELAY_MS = 500;

export function registerRateLimit(app: FastifyInstance, gate: RateLimitGate, clientAddress: ClientAddress, exempt: (request: FastifyRequest) => boolean = () => false): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (isHealthCheck(request.url) || exempt(request)) {
      done();
      return;
    }
    const ip = clientAddress.of(request.raw);
    const known = gate.refusedFor(ip);
    if (known > 0) {
      // Held, not answered at once: see REFUSAL_DELAY_MS.
      setTimeout(refuse, REFUSAL_DELAY_MS, request, reply, known).unref();
      return;
    }
    const fields = { ip, keyType: 'ip', route: request.routeOptions.url ?? pathOf(request.url) };
    gate.consume(ip, 1, request.log as Logger, fields).then((decision) => {
      if (decision.allowed) done();
      else refuse(request, reply, decision.retryAfterSeconds);
    }, done);
  });
}

/**
 * For fastify's LogController: no "incoming request" / "request completed" lines for a client
 * that is over its limit; the gate logs its refusals once per window instead.
 */
export function requestLogsSkipped(gate: RateLimitGate, clientAddress: ClientAddress): (request: FastifyRequest | IncomingMessage) => boolean {
  return (request) => {
    // fastify passes its request or, for some lines, the raw one.
    const raw = 'raw' in request ? request.raw : request;
    return gate.isOverLimit(clientAddress.of(raw)) && !isHealthCheck(raw.url ?? '');
  };
}

/** Larger declared bodies are not read to keep the connection: it is closed after the 429 instead. */
const DISCARDABLE_BODY_BYTES = 64 * 1024;

function refuse(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number): void {
  // Node reads and discards an unread small body to reuse the connection. A large or chunked one
  // would be read for nothing, and a client that stops sending it on the 429 would leave the
  // connection half-way through a request, holding shutdown: close it instead.
  const headers = request.raw.headers;
  if (headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > DISCARDABLE_BODY_BYTES) reply.header('connection', 'close');
  void reply.code(rateLimitedStatus).header('retry-after', String(retryAfterSeconds)).type('application/json; charset=utf-8').send(rateLimitedBody(retryAfterSeconds, request.id));
}

function isHealthCheck(url: string): boolean {
  const path = pathOf(url);
  return path === '/health' || path.startsWith('/health/');
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

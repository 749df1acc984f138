import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../logging/logger.js';
import { createRateLimiters } from '../rate-limit/limiters.js';
import { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import { describeTrustProxy } from '../config/trust-proxy.js';
import { clientAddressFor } from './client-address.js';
import { registerCors } from './cors.js';
import { registerGraphQL } from './graphql-route.js';
import { registerHealthRoutes } from './health-routes.js';
import { isAllowedScrape, registerMetricsRoute } from './metrics-route.js';
import { registerRateLimit, requestLogsSkipped } from './rate-limit.js';
import { registerRefusedReportDownload } from './refused-report-route.js';
import { registerReportUpload } from './report-upload-route.js';
import { requestIdFor } from './request-id.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerWebPages } from './pages/web-pages.js';

interface Options {
  readonly schema: GraphQLSchema;
  readonly services: Services;
  readonly logger: Logger;
}

/** Assembles the HTTP server: request ids, health, GraphQL over HTTP and WebSocket. */
export async function createHttpServer(options: Options): Promise<FastifyInstance> {
  const rateLimiters = await createRateLimiters(options.services.config, options.logger);
  const gates = {
    ip: new RateLimitGate(rateLimiters.ip, options.logger),
    principal: new RateLimitGate(rateLimiters.principal, options.logger),
    login: new RateLimitGate(rateLimiters.login, options.logger),
  };
  const { trustProxy } = options.services.config.http;
  const clientAddress = clientAddressFor(trustProxy);
  if (trustProxy.kind === 'hops') {
    options.logger.warn(
      { trustProxy: describeTrustProxy(trustProxy) },
      'TRUST_PROXY is a hop count: a client that reaches this server without passing those proxies can choose its own address; list the proxies\' addresses if you can',
    );
  }
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    genReqId: requestIdFor,
    // The same trust as clientAddress.of: request.ip, and the request logs' remoteAddress, agree with it.
    trustProxy: clientAddress.trustProxy,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: requestLogsSkipped(gates.ip, clientAddress) }),
    // Idle keep-alive sockets are closed at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
    bodyLimit: 1024 * 1024,
  });
  app.addHook('onClose', () => {
    for (const gate of Object.values(gates)) gate.close();
    return rateLimiters.close();
  });

  // Callback-style hooks on every request: no promise per request, which a flood would multiply.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const { metrics } = options.services;
  app.addHook('onResponse', (request, reply, done) => {
    // The route's pattern (/reports/refused/:id/raw), never the URL: one series per route.
    metrics.recordHttpRequest(request.method, request.routeOptions.url ?? '(no route)', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  // Node closes only the keep-alive sockets idle when close() starts; a request still running
  // would leave its socket open afterwards and hold shutdown until the client's timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.httpStatus).send({ error: { code: error.code, message: error.message, requestId: request.id } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({
      error: { code: httpErrorCode(status), message: status >= 500 ? 'Internal server error' : error.message, requestId: request.id },
    });
  });

  await registerSecurityHeaders(app);
  await registerCors(app, options.services.config.http.corsOrigins);
  // After CORS, so a browser can read the 429 and its Retry-After.
  registerRateLimit(app, gates.ip, clientAddress, isAllowedScrape(options.services.config));

  registerHealthRoutes(app, options.services.health, options.services.startedAt);
  registerMetricsRoute(app, metrics, options.services.config);
  await registerGraphQL(app, { ...options, rateLimitGates: gates, clientAddress });
  await registerReportUpload(app, options.services);
  await registerWebPages(app, options.services.config);
  registerRefusedReportDownload(app, options.services);
  return app;
}

function httpErrorCode(status: number): ErrorCode {
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
}

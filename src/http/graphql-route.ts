import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Services } from '../app/services.js';
import type { GraphQLContext } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/format-error.js';
import { noStorePlugin } from '../graphql/no-store-plugin.js';
import { operationMetricsPlugin, operationPipelinePlugin } from '../graphql/pipeline/apollo-plugin.js';
import { OperationPipeline } from '../graphql/pipeline/operation-pipeline.js';
import { stringifyResult } from '../graphql/preserialized-json.js';
import type { Logger } from '../logging/logger.js';
import type { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import type { ClientAddress } from './client-address.js';
import { serveGraphQLOverWebSocket } from './graphql-websocket.js';
import { principalOfRequest } from './request-principal.js';
import { ideContentSecurityPolicy } from './security-headers.js';
import { withIdePage } from './pages/web-pages.js';

const GRAPHQL_PATH = '/graphql';

interface Options {
  readonly schema: GraphQLSchema;
  readonly services: Services;
  readonly logger: Logger;
  readonly rateLimitGates: { readonly ip: RateLimitGate; readonly principal: RateLimitGate; readonly login: RateLimitGate };
  readonly clientAddress: ClientAddress;
}

/**
 * Serves GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws) on the same path, both through
 * one OperationPipeline (src/graphql/pipeline): the same parsing limits, validation rules, rate
 * limits, cost limit and error formatting whichever way an operation comes.
 * On `app.close()`: WebSockets are closed first (1001 Going Away) so they cannot hold the HTTP
 * server open, in-flight HTTP operations finish, then Apollo stops.
 */
export async function registerGraphQL(app: FastifyInstance, options: Options): Promise<ApolloServer<GraphQLContext>> {
  const { schema, services, logger } = options;
  const { config } = services;
  const pipeline = new OperationPipeline({ config, gates: options.rateLimitGates });
  const formatError = createErrorFormatter(logger, config.isProduction);
  const websocket = serveGraphQLOverWebSocket({
    server: app.server,
    path: GRAPHQL_PATH,
    schema,
    services,
    logger,
    pipeline,
    formatError,
    ipGate: options.rateLimitGates.ip,
    clientAddress: options.clientAddress,
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    // Parsing and validation as the pipeline does them; the introspection switch is one of its rules.
    parseOptions: pipeline.parseOptions,
    validationRules: [...pipeline.validationRules],
    introspection: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError,
    // Splices in the JSON text of large cached values (a heatmap's point columns) computed once.
    stringifyResult,
    plugins: [
      operationMetricsPlugin(services.metrics),
      operationPipelinePlugin(pipeline),
      // No cache hints here: noStorePlugin sends the header Apollo's per-field cache-control plugin would.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      // Browsers get our own offline GraphiQL from the route below, never Apollo's CDN-hosted page.
      ApolloServerPluginLandingPageDisabled(),
    ],
    // No fastifyApolloDrainPlugin: it calls app.close() from apollo.stop(), which the onClose hook
    // below calls, and the two would wait on each other. Fastify itself drains HTTP requests.
  });
  await apollo.start();
  app.addHook('preClose', async () => {
    await websocket.dispose();
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });

  const handler = fastifyApolloHandler(apollo, {
    context: async (request): Promise<GraphQLContext> => ({
      logger: request.log as Logger,
      services,
      principal: await principalOfRequest(request.headers, services.auth, request.log as Logger),
      clientIp: options.clientAddress.of(request.raw),
    }),
  });
  app.route({
    method: ['GET', 'POST'],
    url: GRAPHQL_PATH,
    handler: config.graphql.ide ? withIdePage(handler) : handler,
    bodyLimit: config.graphql.bodyLimitBytes,
    helmet: { contentSecurityPolicy: ideContentSecurityPolicy },
  });
  return apollo;
}

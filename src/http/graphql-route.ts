import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import { createSourceEventStream, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GraphQLContext, Services } from '../graphql/context.js';
import { createArmor, validatorWith } from '../graphql/armor.js';
import { costLimitPlugin } from '../graphql/cost-limit-plugin.js';
import { createErrorFormatter } from '../graphql/format-error.js';
import { noStorePlugin } from '../graphql/no-store-plugin.js';
import { stringifyResult } from '../graphql/preserialized-json.js';
import { createRateLimitPlugin } from '../graphql/rate-limit-plugin.js';
import { DocumentCache } from '../graphql/document-cache.js';
import { prepareWebSocketOperation } from '../graphql/websocket-operation.js';
import type { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import { TOPICS } from '../pubsub/index.js';
import type { CredentialChange } from '../auth/credential-events.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { principalOfRequest } from './request-principal.js';
import { ideContentSecurityPolicy } from './security-headers.js';
import { tooManyOperations, WebSocketGatekeeper } from './websocket-auth.js';
import type { Principal } from '../auth/principal.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger.js';

export const GRAPHQL_PATH = '/graphql';

interface Options {
  readonly schema: GraphQLSchema;
  readonly orm: MikroORM;
  readonly services: Services;
  readonly logger: Logger;
  readonly rateLimitGates: { readonly principal: RateLimitGate; readonly login: RateLimitGate };
}

/**
 * Serves GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws) on the same path.
 * On `app.close()`: WebSockets are closed first (1001 Going Away) so they cannot hold the HTTP
 * server open, in-flight HTTP operations finish, then Apollo stops.
 */
export async function registerGraphQL(app: FastifyInstance, options: Options): Promise<ApolloServer<GraphQLContext>> {
  const { schema, orm, services, logger } = options;
  const { config } = services;
  const { plugins: armorPlugins, ...armor } = createArmor(config);
  const formatError = createErrorFormatter(logger, config.isProduction);
  const validateWebSocketOperation = validatorWith(armor.validationRules);
  // Identical operations (every dashboard's subscription) share one parsed, validated document.
  const webSocketDocuments = new DocumentCache();
  const wsServer = new WebSocketServer({ server: app.server, path: GRAPHQL_PATH });
  const { maxOperationsPerConnection, maxConnectionsPerPrincipal } = config.graphql.websocket;
  const gatekeeper = new WebSocketGatekeeper(services.auth, maxConnectionsPerPrincipal, logger.child({ transport: 'ws' }));
  // A role change, password reset or key revocation in this process ends that principal's sockets at
  // once; one made by another instance arrives through the event bus (a second revoke finds nothing).
  const stopListening = services.auth.events.on((change) => gatekeeper.sessions.revoke(change));
  const stopBusListening = await services.events.subscribe(TOPICS.credentialChanged, (change) => gatekeeper.sessions.revoke(change as CredentialChange));
  const wsLogger = logger.child({ transport: 'ws' });
  const wsCleanup = useServer<Record<string, unknown>, { socketId: string; principal: Principal }>(
    {
      schema,
      // The credential comes in connection_init; false closes the socket with 4403 Forbidden.
      onConnect: async (ctx) => {
        const principal = await gatekeeper.admit(ctx.extra.socket, ctx.connectionParams, ctx.extra.request.socket.remoteAddress ?? 'unknown');
        if (!principal) return false;
        ctx.extra.principal = principal;
        return true;
      },
      // onClose, not onDisconnect: it also runs when the socket closes before the acknowledgement.
      onClose: (ctx) => gatekeeper.release(ctx.extra.socket),
      // The credential is checked again for every operation: revocations elsewhere take effect here.
      onSubscribe: async (ctx, _id, payload) => {
        const refusal =
          tooManyOperations(Object.keys(ctx.subscriptions).length, maxOperationsPerConnection) ??
          (await gatekeeper.recheck(ctx.extra.socket, ctx.connectionParams, ctx.extra.principal));
        // Parsed, validated and costed here (once), so graphql-ws executes the result as it is.
        return refusal ?? prepareWebSocketOperation(schema, payload, validateWebSocketOperation, config.graphql.limits.maxCost, webSocketDocuments);
      },
      // The same error codes and production masking as over HTTP, where Apollo applies formatError.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : result,
      // Subscriptions start through the hub's root field `subscribe` (permission check, grouping);
      // the stream it returns yields nothing itself: the hub writes results to subscriptionSink.
      subscribe: (args: ExecutionArgs) => createSourceEventStream(args) as never,
      context: (ctx, id): GraphQLContext => {
        const socket = ctx.extra.socket;
        // Forked only when a resolver needs it: an idle subscription holds no EntityManager.
        let em: EntityManager | undefined;
        return {
          requestId: (ctx.extra as { socketId?: string }).socketId ?? 'ws',
          logger: wsLogger,
          get em() {
            return (em ??= orm.em.fork());
          },
          services,
          principal: ctx.extra.principal ?? null,
          clientIp: ctx.extra.request.socket.remoteAddress ?? 'unknown',
          subscriptionSink: {
            send: (resultJson) => socket.send(`{"id":${JSON.stringify(id)},"type":"next","payload":${resultJson}}`),
            isOpen: () => socket.readyState === socket.OPEN,
          },
        };
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    ...armor,
    introspection: config.graphql.introspection,
    formatError,
    // Splices in the JSON text of large cached values (a heatmap's point columns) computed once.
    stringifyResult,
    plugins: [
      // Armor's plugins only read the request; they are typed for the base context.
      ...(armorPlugins as ApolloServerPlugin<GraphQLContext>[]),
      createRateLimitPlugin({ gates: options.rateLimitGates }),
      costLimitPlugin(config.graphql.limits.maxCost),
      // No cache hints here: noStorePlugin sends the header Apollo's per-field cache-control plugin would.
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      config.graphql.ide ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
    // No fastifyApolloDrainPlugin: it calls app.close() from apollo.stop(), which the onClose hook
    // below calls, and the two would wait on each other. Fastify itself drains HTTP requests.
  });
  await apollo.start();
  app.addHook('preClose', async () => {
    stopListening();
    stopBusListening();
    gatekeeper.sessions.dispose();
    await wsCleanup.dispose();
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
  });

  const handler = fastifyApolloHandler(apollo, {
    context: async (request): Promise<GraphQLContext> => ({
      requestId: request.id,
      logger: request.log as Logger,
      em: orm.em.fork(),
      services,
      principal: await principalOfRequest(request.headers, services.auth, request.log as Logger),
      clientIp: request.ip,
    }),
  });
  app.route({
    method: ['GET', 'POST'],
    url: GRAPHQL_PATH,
    handler,
    bodyLimit: config.graphql.bodyLimitBytes,
    helmet: { contentSecurityPolicy: ideContentSecurityPolicy },
  });
  return apollo;
}

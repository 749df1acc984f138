import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GraphQLContext, Services } from '../graphql/context.js';
import { createArmor, validatorWith } from '../graphql/armor.js';
import { createErrorFormatter } from '../graphql/format-error.js';
import { ideContentSecurityPolicy } from './security-headers.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger.js';

export const GRAPHQL_PATH = '/graphql';

interface Options {
  readonly schema: GraphQLSchema;
  readonly orm: MikroORM;
  readonly services: Services;
  readonly logger: Logger;
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
  const wsServer = new WebSocketServer({ server: app.server, path: GRAPHQL_PATH });
  const wsCleanup = useServer<Record<string, unknown>, { socketId: string }>(
    {
      schema,
      validate: validatorWith(armor.validationRules),
      context: (ctx): GraphQLContext => ({
        requestId: (ctx.extra as { socketId?: string }).socketId ?? 'ws',
        logger: logger.child({ transport: 'ws' }),
        em: orm.em.fork(),
        services,
      }),
    },
    wsServer,
  );

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    ...armor,
    introspection: config.graphql.introspection,
    formatError: createErrorFormatter(logger, config.isProduction),
    plugins: [
      // Armor's plugins only read the request; they are typed for the base context.
      ...(armorPlugins as ApolloServerPlugin<GraphQLContext>[]),
      config.graphql.ide ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
    // No fastifyApolloDrainPlugin: it calls app.close() from apollo.stop(), which the onClose hook
    // below calls, and the two would wait on each other. Fastify itself drains HTTP requests.
  });
  await apollo.start();
  app.addHook('preClose', async () => {
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

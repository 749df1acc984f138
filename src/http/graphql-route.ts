import { ApolloServer } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GraphQLContext, Services } from '../graphql/context.js';
import { createErrorFormatter } from '../graphql/format-error.js';
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
 * Serves GraphQL over HTTP (Apollo) and over WebSocket (graphql-ws) on the same path. Apollo's
 * drain plugins make `app.close()` finish in-flight operations and close every socket.
 */
export async function registerGraphQL(app: FastifyInstance, options: Options): Promise<ApolloServer<GraphQLContext>> {
  const { schema, orm, services, logger } = options;
  const wsServer = new WebSocketServer({ server: app.server, path: GRAPHQL_PATH });
  const wsCleanup = useServer<Record<string, unknown>, { socketId: string }>(
    {
      schema,
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
    formatError: createErrorFormatter(logger, services.config.isProduction),
    plugins: [
      fastifyApolloDrainPlugin(app),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request): Promise<GraphQLContext> => ({
      requestId: request.id,
      logger: request.log as Logger,
      em: orm.em.fork(),
      services,
    }),
  });
  app.route({ method: ['GET', 'POST', 'OPTIONS'], url: GRAPHQL_PATH, handler });
  return apollo;
}

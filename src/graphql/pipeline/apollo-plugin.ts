import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from '../../metrics/metrics.js';
import type { GraphQLContext } from '../context.js';
import type { OperationPipeline } from './operation-pipeline.js';

/** What the plugin reads from the context (the principal comes from authentication when present). */
type CallerContext = Pick<GraphQLContext, 'logger'> & { readonly clientIp?: string; readonly principal?: { readonly id: string; readonly email?: string } | null };

/**
 * The operation pipeline's `admit` step over HTTP: Apollo has parsed and validated with the
 * pipeline's options already; this runs the rest once the operation is resolved, before it runs.
 * A refusal is thrown: Apollo answers it with its `extensions.http` status (429, 400).
 */
export function operationPipelinePlugin(pipeline: OperationPipeline): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, schema, document, operationName, request }) {
          const context = contextValue as CallerContext;
          const refusal = await pipeline.admit({
            schema,
            document,
            operationName,
            variables: request.variables,
            principal: context.principal ?? null,
            clientIp: context.clientIp ?? 'unknown',
            logger: context.logger,
            transport: 'http',
          });
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/**
 * Each GraphQL operation over HTTP in the metrics: its type, name and outcome (the first error's
 * code, after formatting), timed from the request's start to its answer. Over WebSocket the
 * transport records them itself (src/http/graphql-websocket.ts).
 */
export function operationMetricsPlugin(metrics: Metrics): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ request }) {
      const started = performance.now();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          metrics.recordOperation({ transport: 'http', type: operation?.operation, name: operationName ?? request.operationName, errors, seconds: (performance.now() - started) / 1000 });
        },
      };
    },
  };
}

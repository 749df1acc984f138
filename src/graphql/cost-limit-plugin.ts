import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitError } from './query-cost.js';

/** Refuses an HTTP operation over the cost limit once its variables are known, before it runs. */
export function costLimitPlugin<Context extends object>(maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const refusal = costLimitError({ schema, document, operationName, variables: request.variables }, maxCost);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

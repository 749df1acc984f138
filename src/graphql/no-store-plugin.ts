import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `Cache-Control: no-store` on every GraphQL answer: they depend on who asks, so no proxy or
 * browser may keep them. Apollo's cache-control plugin sent the same header, but it also wraps
 * every field resolver of every request to collect cache hints this API never gives, which for a
 * heatmap's countries costs more than the rest of the cached answer.
 */
export function noStorePlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

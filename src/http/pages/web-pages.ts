import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, RouteHandlerMethod } from 'fastify';
import type { Config } from '../../config/config.js';
import { mapContentSecurityPolicy, sendersContentSecurityPolicy } from '../security-headers.js';
import { webAssetsDir } from './web-assets.js';

/**
 * The browser pages: their bundles under /web/ (built by `npm run build`), the map at /map, the
 * senders at /senders, and in
 * development `/` leads to the map. GraphiQL's page is answered by the GraphQL route itself
 * (GET /graphql from a browser), through `withIdePage`.
 */
export async function registerWebPages(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(fastifyStatic, {
    root: webAssetsDir,
    prefix: '/web/',
    index: false,
    // Fonts carry a content hash; the page bundles keep their names, so they are cached briefly.
    maxAge: config.isProduction ? '1h' : 0,
  });
  app.get('/map', { helmet: { contentSecurityPolicy: mapContentSecurityPolicy } }, (_request, reply) => sendPage(reply, 'map'));
  app.get('/senders', { helmet: { contentSecurityPolicy: sendersContentSecurityPolicy } }, (_request, reply) => sendPage(reply, 'senders'));
  if (!config.isProduction) app.get('/', (_request, reply) => reply.redirect('/map'));
}

/**
 * The GraphQL route's handler, with GraphiQL for a browser's GET /graphql (Accept: text/html)
 * instead of a GraphQL response. Every other request goes to `graphql` unchanged.
 */
export function withIdePage(graphql: RouteHandlerMethod): RouteHandlerMethod {
  return function (request, reply) {
    if (request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      sendPage(reply, 'ide');
      return;
    }
    return graphql.call(this, request, reply);
  };
}

function sendPage(reply: FastifyReply, page: 'ide' | 'map' | 'senders'): FastifyReply {
  const file = join(webAssetsDir, page, 'index.html');
  if (!existsSync(file)) {
    return reply.code(503).type('text/plain').send(`The ${page} page is not built: run \`npm run build\`.\n`);
  }
  return reply.header('cache-control', 'no-store').sendFile(join(page, 'index.html'), webAssetsDir);
}

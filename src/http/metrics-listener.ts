import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../metrics/metrics.js';
import { METRICS_CONTENT_TYPE, METRICS_PATH, metricsRefusal } from './metrics-route.js';

export interface MetricsListener {
  /** http://host:port of the listener. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * GET /metrics on METRICS_HOST:METRICS_PORT, apart from the API: what `serve` and `worker` (which
 * has no API) open when METRICS_PORT is set. Answers nothing else (404).
 */
export async function listenForMetrics(metrics: Metrics, config: Config, logger: Logger): Promise<MetricsListener | undefined> {
  const { port, host } = config.metrics;
  if (port === undefined) return undefined;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== METRICS_PATH) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: `only GET ${METRICS_PATH} here` } }));
      return;
    }
    const refusal = metricsRefusal(config, { headers: request.headers, peer: request.socket.remoteAddress }, 'metrics');
    if (refusal) {
      response.writeHead(refusal.httpStatus, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    metrics.exposition().then(
      (text) => response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, 'cannot collect the metrics');
        response.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url: `${url}${METRICS_PATH}` }, 'metrics listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

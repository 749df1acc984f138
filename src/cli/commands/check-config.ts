import type { Command } from 'commander';
import type { Config } from '../../config/config.js';
import { describeTrustProxy } from '../../config/trust-proxy.js';
import { describeDnsServers } from '../../dns/dns-servers.js';
import { runCommand } from '../run-command.js';

export function registerCheckConfig(program: Command): void {
  program
    .command('check-config')
    .description('validate the configuration (environment and ./.env) and print every problem; exit 78 when there is one')
    .action(() =>
      runCommand(async (config) => {
        // runCommand has already loaded and validated the configuration: reaching this point
        // means it is valid. Print what will be used, never the secrets.
        const lines = [
          `configuration OK (${config.env})`,
          `  http: ${config.http.host}:${config.http.port}, CORS origins: ${config.http.corsOrigins.join(', ') || '(none)'}`,
          `  trusted proxies (TRUST_PROXY): ${describeTrustProxy(config.http.trustProxy)}`,
          `  database: ${config.database.url ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.database.embedded.dataDir}`}`,
          `  mongodb: ${config.mongo.url ? 'MONGODB_URL' : '(not configured)'}`,
          `  geoip city database: ${config.geoip.cityDbPath}${config.geoip.isBundledDevelopmentDb ? ' (bundled 2019 development file)' : ''}`,
          `  mailbox: ${config.imap ? `${config.imap.secure ? 'imaps' : 'imap'}://${config.imap.host}:${config.imap.port} ${config.imap.mailbox} as ${config.imap.user}` : '(not configured)'}`,
          `  raw report retention: ${config.rawReports.retention ? 'on' : 'off'}`,
          `  dns: ${describeDnsServers(config.dns.servers)}, timeout ${config.dns.timeoutMs} ms, ${config.dns.concurrency} queries at once`,
          `  failure reports: keep ${config.failureReports.content}, address local parts ${config.failureReports.localParts === 'hash' ? 'hashed (FAILURE_HASH_KEY)' : config.failureReports.localParts === 'redact' ? 'redacted' : 'kept'}`,
          `  TLS_FAILURES alerts: above ${(100 * config.tlsAlerts.failureShare).toFixed(1)} % failed sessions over ${config.tlsAlerts.windowDays} days (at least ${config.tlsAlerts.minSessions} sessions)`,
          `  graphql: introspection ${config.graphql.introspection ? 'on' : 'off'}, IDE ${config.graphql.ide ? 'on' : 'off'}`,
          `  metrics: ${metricsSummary(config)}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );
}

/** Where /metrics is served and who may read it (src/http/metrics-route.ts), never the token. */
function metricsSummary(config: Config): string {
  const where = config.metrics.port === undefined ? 'GET /metrics on the API port' : `GET /metrics on ${config.metrics.host}:${config.metrics.port}`;
  if (config.metrics.token !== undefined) return `${where}, bearer token (METRICS_TOKEN)`;
  if (config.metrics.port !== undefined) return `${where}, open to whoever reaches it`;
  return config.isProduction ? 'not served (set METRICS_TOKEN or METRICS_PORT)' : `${where}, loopback clients only`;
}

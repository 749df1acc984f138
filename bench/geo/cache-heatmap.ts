import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Role } from '../../entities/roles.js';
import { startApplication } from '../../src/app/application.js';
import { loadConfig } from '../../src/config/config.js';
import { startOrAttachEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { randomPublicIpv4 } from './random-addresses.js';

/**
 * (a) geolocating 100k distinct addresses cold, cache rows written; (b) geoHeatmap over 1M stored
 * records: cold generation and the cached answer through GraphQL over HTTP. Own embedded
 * PostgreSQL in a temp folder; the whole server as `npm start` runs it.
 */
const RECORDS = 1_000_000;
const DISTINCT_IPS = 100_000;
const logger = pino({ level: 'silent' });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await action();
  return [result, performance.now() - started];
}

const dir = mkdtempSync(join(tmpdir(), 'dmarc-bench-geo-'));
chmodSync(dir, 0o755);
const pg = await startOrAttachEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() }, logger);
const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: pg.url, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent',
  // A latency benchmark sends far more than a dashboard would; the limits are measured elsewhere.
  RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000' });
const app = await startApplication(config, logger);
const { geo, heatmaps } = app.services;
// A dashboard reads heatmaps with a VIEWER API key, as the access rules require.
const { key: viewerKey } = await app.services.auth.apiKeys.create({ name: 'heatmap bench', role: Role.VIEWER });
const sql = app.dependencies.database.orm.em.getConnection();
/** measurement, figure, target ('' when the figure is context), note */
const rows: [string, string, string, string][] = [];
try {
  const ips = randomPublicIpv4(DISTINCT_IPS);
  const [geolocated, geoMs] = await timed(() => geo.geolocateNewIps(ips));
  rows.push(['geolocate 100k distinct IPs cold (+ cache rows)', `${geoMs.toFixed(0)} ms`, '≤ 3000 ms', `${geolocated.lookedUp} looked up`]);
  const [, warmMs] = await timed(() => geo.geolocateNewIps(ips));
  rows.push(['same 100k again (all cached)', `${warmMs.toFixed(0)} ms`, '', '']);

  // 1M records over the same 100k addresses, 20 domains, 80 days, mixed dispositions and results.
  await sql.execute(`INSERT INTO dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p)
    VALUES ('1.0', 'bench', 'b-1', now() - interval '80 days', now(), 'domain0.example', 'none')`);
  await sql.execute(`CREATE TEMP TABLE bench_ips AS SELECT row_number() OVER () - 1 AS n, ip::inet AS ip FROM jsonb_array_elements_text(?::jsonb) AS t(ip)`, [JSON.stringify(ips)]);
  const [, insertMs] = await timed(() =>
    sql.execute(`INSERT INTO dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
      SELECT (SELECT min(id) FROM dmarc_reports), b.ip, 1 + i % 50, (ARRAY['none','quarantine','reject'])[1 + i % 3],
             CASE WHEN i % 4 = 0 THEN 'fail' ELSE 'pass' END, CASE WHEN i % 7 = 0 THEN 'fail' ELSE 'pass' END,
             'domain' || (i % 20) || '.example', 'domain' || (i % 20) || '.example', now() - make_interval(days => i % 80)
      FROM generate_series(0, ${RECORDS - 1}) AS i JOIN bench_ips b ON b.n = (i::bigint * 7919) % ${DISTINCT_IPS}`),
  );
  await sql.execute('ANALYZE dmarc_records');
  rows.push(['insert 1M records (INSERT ... SELECT)', `${insertMs.toFixed(0)} ms`, '', 'setup']);

  const [map, coldMs] = await timed(() => heatmaps.heatmap({ days: 30 }));
  rows.push(['geoHeatmap 30 days, all domains, cold', `${coldMs.toFixed(0)} ms`, '≤ 2000 ms', `${map.totalMessages} messages, ${map.countries.length} countries, ${map.points.count} points`]);
  const [, all90] = await timed(() => heatmaps.generate({ days: 90, domain: null, disposition: null }));
  rows.push(['geoHeatmap 90 days (all 1M records), cold', `${all90.toFixed(0)} ms`, '≤ 2000 ms', '']);
  const [, oneDomain] = await timed(() => heatmaps.generate({ days: 30, domain: 'domain3.example', disposition: null }));
  rows.push(['geoHeatmap 30 days, one domain, cold', `${oneDomain.toFixed(0)} ms`, '', '']);

  for (const [label, selection] of [
    ['countries', 'countries { countryCode messages distinctIps dmarcFailureRate }'],
    // What a map client asks for: the countries and the finer level, per city or 0.1° cell.
    ['countries + points', 'countries { countryCode messages distinctIps dmarcFailureRate } points { count latitude longitude messages ips }'],
  ] as const) {
    const body = JSON.stringify({ query: `{ geoHeatmap(days: 30) { fromCache generatedAt maxCount totalIps totalMessages ${selection} } }` });
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': viewerKey }, body });
      const text = await response.text();
      times.push(performance.now() - started);
      bytes = text.length;
      if (i === 0 && !text.includes('"fromCache":true')) throw new Error(`not served from cache: ${text.slice(0, 200)}`);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(2);
    rows.push([`geoHeatmap cached over HTTP (${label}), p50 / p95`, `${p(0.5)} / ${p(0.95)} ms`, '≤ 5 ms p50', `${(bytes / 1024).toFixed(0)} KiB answer`]);
  }
} finally {
  await app.stop();
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`${'measurement'.padEnd(width)}  ${'time'.padStart(18)}  ${'target'.padEnd(11)}  note\n`);
for (const [name, time, target, note] of rows) process.stdout.write(`${name.padEnd(width)}  ${time.padStart(18)}  ${target.padEnd(11)}  ${note}\n`);

import { fork } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { afterReportIngested } from '../../src/analytics/after-report-ingested.js';
import { buildServiceGraph, type ServiceGraph } from '../../src/app/composition-root.js';
import type { Services } from '../../src/app/services.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { stopModules } from '../../src/lifecycle/run-modules.js';
import { selectRows } from '../../src/database/raw-sql.js';
import { startDemoDns } from '../../src/demo/demo-dns.js';
import { loadDemo } from '../../src/demo/demo-data.js';
import { DnsResolver } from '../../src/dns/dns-resolver.js';
import { NO_DNS } from '../../src/dns/dns-servers.js';
import { startDnsmasq } from '../../src/dns/dnsmasq.js';
import { SenderNaming } from '../../src/senders/naming/sender-naming.js';
import { startBenchDatabase, type BenchDatabase } from '../support/bench-database.js';
import { BENCH_ZONE, benchAddressOf } from './bench-zone.js';

/**
 * `npm run bench:senders -- [ips=100000] [--shared <folder>]`
 *
 * 1. Naming `ips` distinct addresses against a loopback dnsmasq behind a UDP proxy adding 20 ms to
 *    every answer, at the default bound (DNS_CONCURRENCY 64) and at 256: addresses/s, queries/s,
 *    queries in flight at most. Then the same addresses again, every name cached (target ≥ 100,000/s).
 * 2. Ingestion throughput with naming on (the reportIngested reaction queues the addresses; naming
 *    runs in ingestion's pauses over the same slow DNS) against naming off, alternated (target:
 *    within 5 %).
 * 3. The share of message volume attributed to a named sender on the demo data (target ≥ 95 %
 *    where DNS answers), and named from ASN data alone (DNS off; needs GEOIP_ASN_DB).
 * 4. With --shared: the same shares on <folder>/dmarc-samples, asking the DNS_SERVERS of the
 *    environment (the system's resolvers when unset). Never part of `npm test`.
 */
const logger = pino({ level: 'silent' });
const args = process.argv.slice(2);
const sharedAt = args.indexOf('--shared');
const shared = sharedAt >= 0 ? resolve(args[sharedAt + 1] ?? '../shared') : undefined;
const ips = Number(args.find((arg, i) => /^\d+$/.test(arg) && (sharedAt < 0 || i !== sharedAt + 1)) ?? 100_000);
const LATENCY_MS = 20;
const BOUNDS = [64, 256];
const rows: string[][] = [];
const row = (...cells: string[]) => {
  rows.push(cells);
  console.error(cells.join(' | '));
};
const n = (value: number) => Math.round(value).toLocaleString('en-US');
const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
/** A benchmark database with its own embedded PostgreSQL; GEOIP_ASN_DB passes through for ASN naming. */
const database = (env: Record<string, string>) => startBenchDatabase(logger, { ...(process.env.GEOIP_ASN_DB ? { GEOIP_ASN_DB: process.env.GEOIP_ASN_DB } : {}), ...env });

const loadAtStart = loadAverage();
const dns = await startDnsmasq(BENCH_ZONE);
const proxyProcess = fork(join(import.meta.dirname, 'delay-proxy-process.js'), [String(dns.port), String(LATENCY_MS)]);
const proxy = await new Promise<{ address: string }>((resolve) => proxyProcess.once('message', (message) => resolve(message as { address: string })));
const addresses = Array.from({ length: ips }, (_, i) => benchAddressOf(i, ips));
try {
  for (const bound of BOUNDS) await naming(bound);
  await ingestion();
  await demoShares();
  if (shared) await sharedShares(shared);
} finally {
  proxyProcess.disconnect();
  await dns.stop();
}
console.log(`\nSender naming and classification (${ips.toLocaleString('en-US')} addresses, ${LATENCY_MS} ms added per DNS answer; load average ${loadAtStart} at the start, ${loadAverage()} at the end):\n`);
console.log('| measurement | figure | target | note |');
console.log('|---|---|---|---|');
for (const cells of rows) console.log(`| ${cells.join(' | ')} |`);

async function naming(bound: number): Promise<void> {
  const db = await database({ DNS_SERVERS: proxy.address, DNS_CONCURRENCY: String(bound), DNS_TIMEOUT_MS: '5000' });
  const graph = buildServiceGraph(db.config, db.dependencies, logger);
  const { services } = graph;
  try {
    const started = performance.now();
    const outcome = await services.senders.naming.nameNow(addresses);
    const seconds = (performance.now() - started) / 1000;
    const stats = services.dns.stats();
    const r = outcome.reverseDns;
    row(
      `name ${n(ips)} addresses, DNS_CONCURRENCY ${bound}`,
      `${n(ips / seconds)} addresses/s`,
      '',
      `${seconds.toFixed(1)} s; ${n(stats.queries / seconds)} queries/s, at most ${stats.peakInFlight} in flight (bound ${bound}); confirmed ${n(r.CONFIRMED)}, unconfirmed ${n(r.UNCONFIRMED)}, no PTR ${n(r.NO_PTR)}, failed ${n(r.FAILED)}`,
    );
    const cachedStart = performance.now();
    const again = await services.senders.naming.nameNow(addresses);
    const cachedSeconds = (performance.now() - cachedStart) / 1000;
    if (bound === BOUNDS[0]) row(`the same ${n(ips)} again, every name cached`, `${n(ips / cachedSeconds)} addresses/s`, '≥ 100,000 addresses/s', `${(cachedSeconds * 1000).toFixed(0)} ms, ${again.addresses} looked up`);
  } finally {
    await stop(graph, db);
  }
}

/** Ingestion of the same kind of reports with and without the naming subscriber, alternated. */
async function ingestion(): Promise<void> {
  const db = await database({ DNS_SERVERS: proxy.address, DNS_TIMEOUT_MS: '5000' });
  const graph = buildServiceGraph(db.config, db.dependencies, logger);
  const { services } = graph;
  const { orm } = db.dependencies.database;
  // The same ingester whose reportIngested has every reaction but naming: ingestion as it was before.
  const withoutNamingEvents = new DomainEvents(logger);
  withoutNamingEvents.on('reportIngested', 'geolocate and drop heatmaps', afterReportIngested({ geo: services.geo, heatmaps: services.heatmaps, logger }));
  const withoutNaming = new ReportIngestionService(orm.em, logger, {
    quarantine: services.quarantine,
    events: withoutNamingEvents,
    ...(db.config.rawReports.retention ? { rawRetention: { maxBytes: db.config.rawReports.maxBytes } } : {}),
  });
  // Off and on in ABBA order (off, on, on, off, ...), so a drift (a table growing, a machine getting
  // busier) weighs on both alike; each run's reports bring new addresses to name.
  const runs = 12;
  const reportsPerRun = Math.max(5, Math.floor(Math.min(ips, 100_000) / runs / 500));
  const measured = { on: [] as number[], off: [] as number[], catchUp: [] as number[] };
  try {
    // Run -1 warms up (PostgreSQL's caches, the JIT): not counted.
    for (let run = -1; run < runs; run++) {
      const on = run >= 0 && [false, true, true, false][run % 4]!;
      const files = Array.from({ length: reportsPerRun }, (_, k) => benchReport(`bench-${run}-${k}`, ((run + 1) * reportsPerRun + k) * 500, 500, (runs + 1) * reportsPerRun * 500));
      const started = performance.now();
      for (const xml of files) {
        const result = await (on ? services.ingestion : withoutNaming).ingestBuffer(Buffer.from(xml), 'bench.xml');
        if (result.error) throw new Error(result.error.message);
      }
      const seconds = (performance.now() - started) / 1000;
      if (run >= 0) measured[on ? 'on' : 'off'].push((reportsPerRun * 500) / seconds);
      if (on) {
        const waiting = performance.now();
        await services.senders.naming.idle();
        if (run >= 0) measured.catchUp.push((performance.now() - waiting) / 1000);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const off = median(measured.off);
    const on = median(measured.on);
    const spread = (values: number[]) => `${n(Math.min(...values))}–${n(Math.max(...values))}`;
    row('ingestion, naming off', `${n(off)} records/s`, '', `median of ${runs / 2} runs of ${n(reportsPerRun * 500)} records (${spread(measured.off)}), each record a new address`);
    row('ingestion, naming on', `${n(on)} records/s`, 'within 5 % of off', `${pct(on / off - 1)} against off (${spread(measured.on)}); naming finished ${median(measured.catchUp).toFixed(1)} s after a run's last report`);
  } finally {
    await stop(graph, db);
  }
}

/** Demo data named through the demo's own DNS, then from ASN data alone. */
async function demoShares(): Promise<void> {
  const now = new Date();
  const demoDns = await startDemoDns(now);
  if (demoDns === null) throw new Error('dnsmasq is needed');
  const db = await database({ DNS_SERVERS: demoDns.address });
  const graph = buildServiceGraph(db.config, db.dependencies, logger);
  const { services } = graph;
  try {
    await loadDemo(db.dependencies.database.orm, services, logger, { now, namedThroughDemoDns: true });
    const byDns = await namedShare(db);
    row('demo data: message volume named', pct(byDns.named / byDns.total), '≥ 95 % where DNS answers', `${n(byDns.total)} messages; DNS through the demo's zone`);
    const asnOnly = await asnOnlyShare(db, services);
    row('demo data: named from ASN data alone', pct(asnOnly.named / asnOnly.total), '', asnNote());
  } finally {
    await demoDns.stop();
    await stop(graph, db);
  }
}

async function sharedShares(folder: string): Promise<void> {
  const samples = join(folder, 'dmarc-samples');
  const db = await database(process.env.DNS_SERVERS ? { DNS_SERVERS: process.env.DNS_SERVERS } : {});
  const graph = buildServiceGraph(db.config, db.dependencies, logger);
  const { services } = graph;
  try {
    let stored = 0;
    for (const file of filesUnder(samples)) {
      const result = await services.ingestion.ingestFile(file);
      stored += result.reports.length;
    }
    await services.senders.naming.idle();
    const byDns = await namedShare(db);
    const outcome = await selectRows<{ reverse_dns: string; n: string }>(db.dependencies.database.orm.em.fork(), 'SELECT reverse_dns, count(*) AS n FROM sender_names GROUP BY 1 ORDER BY 1');
    row(`${samples}: message volume named`, pct(byDns.total > 0 ? byDns.named / byDns.total : 0), '≥ 95 % where DNS answers', `${stored} reports, ${n(byDns.total)} messages; reverse DNS: ${outcome.map((o) => `${o.reverse_dns.toLowerCase()} ${o.n}`).join(', ')} (DNS_SERVERS=${process.env.DNS_SERVERS ?? 'system'})`);
    const asnOnly = await asnOnlyShare(db, services);
    row(`${samples}: named from ASN data alone`, pct(asnOnly.total > 0 ? asnOnly.named / asnOnly.total : 0), '', asnNote());
  } finally {
    await stop(graph, db);
  }
}

/** Every stored address named again with DNS off: what ASN data alone names. */
async function asnOnlyShare(db: BenchDatabase, services: Services): Promise<{ named: number; total: number }> {
  const em = db.dependencies.database.orm.em;
  const all = (await selectRows<{ ip: string }>(em.fork(), 'SELECT DISTINCT host(source_ip) AS ip FROM dmarc_records')).map((r) => r.ip);
  const offline = new SenderNaming({
    em,
    resolver: new DnsResolver({ servers: NO_DNS, timeoutMs: 1_000, concurrency: 1 }),
    map: () => services.senders.maps.current(),
    ttl: { positiveDays: 7, negativeHours: 24 },
    clock: () => new Date(),
    logger,
  });
  await offline.nameNow(all, { force: true });
  return namedShare(db);
}

async function namedShare(db: BenchDatabase): Promise<{ named: number; total: number }> {
  const [share] = await selectRows<{ total: string; named: string }>(
    db.dependencies.database.orm.em.fork(),
    `SELECT coalesce(sum(r.count), 0) AS total, coalesce(sum(r.count) FILTER (WHERE n.naming_source IS NOT NULL AND n.naming_source <> 'NONE'), 0) AS named
     FROM dmarc_records r LEFT JOIN sender_names n ON n.ip = r.source_ip`,
  );
  return { named: Number(share!.named), total: Number(share!.total) };
}

function asnNote(): string {
  return process.env.GEOIP_ASN_DB ? `ASN database ${process.env.GEOIP_ASN_DB}` : 'no ASN database given (GEOIP_ASN_DB): nothing to name from';
}

/** One aggregate report of `count` records from addresses `first`.. of the zone (spread over `span`). */
function benchReport(reportId: string, first: number, count: number, span: number): string {
  const records: string[] = [];
  for (let i = 0; i < count; i++) {
    const ip = benchAddressOf(first + i, span);
    const pass = i % 5 !== 0 ? 'pass' : 'fail';
    records.push(
      `<record><row><source_ip>${ip}</source_ip><count>${1 + (i % 7)}</count><policy_evaluated><disposition>none</disposition><dkim>${pass}</dkim><spf>${pass}</spf></policy_evaluated></row>` +
        `<identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>example.com</domain><selector>s1</selector><result>${pass}</result></dkim>` +
        `<spf><domain>example.com</domain><result>${pass}</result></spf></auth_results></record>`,
    );
  }
  const begin = Math.floor(Date.now() / 1000) - 86_400;
  return `<?xml version="1.0"?><feedback><report_metadata><org_name>bench</org_name><email>b@bench.example</email><report_id>${reportId}</report_id>
<date_range><begin>${begin}</begin><end>${begin + 86_399}</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>
${records.join('\n')}</feedback>`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(xml|gz|zip|eml)$/i.test(name) ? [path] : [];
  });
}

async function stop(graph: ServiceGraph, db: BenchDatabase): Promise<void> {
  await stopModules(graph.modules, logger);
  await db.close();
}

function loadAverage(): string {
  return loadavg().map((value) => value.toFixed(1)).join(' / ');
}

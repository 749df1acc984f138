import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, NoDeprecatedCustomRule, parse, specifiedRules, validate } from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { demoTraffic } from '../../src/demo/demo-data.js';
import { projectRoot } from '../../src/paths.js';
import { cleanEnv, runCli, type CliResult } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startServer, stopServer, type RunningServer } from '../support/server-process.js';

/** `npx dmarc-analytics <args>`, as the README writes it, with an npm cache of its own: npx's first run on a machine. */
function runNpx(args: string[], env: Record<string, string>, npmCache: string): Promise<CliResult> {
  const started = Date.now();
  const child = spawn('npx', ['dmarc-analytics', ...args], { cwd: projectRoot, env: cleanEnv({ ...env, npm_config_cache: npmCache }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

/** The lines of the query the demo's summary suggests pasting (after "then paste:"). */
function suggestedQuery(stdout: string): string {
  return stdout.split('then paste:')[1]!.trim();
}

/**
 * The demo on a fresh data folder, as a newcomer runs it: `demo`, `demo --reset`, `demo` again,
 * then `serve`, each a process of its own on the embedded PostgreSQL.
 */
describe('dmarc-analytics demo on a fresh data folder', () => {
  let root: string;
  let env: Record<string, string>;
  let databaseUrl: string;
  let server: RunningServer | undefined;
  let password: string;
  let viewerKey: string;
  const traffic = demoTraffic(new Date());
  const count = async (sql: string): Promise<number> => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return Number((await client.query(sql)).rows[0].n);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dmarc-demo-'));
    chmodSync(root, 0o755); // PostgreSQL runs as the `postgres` user when we are root
    const pgPort = await freePort();
    env = { EMBEDDED_PG_DIR: join(root, 'postgres'), EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()), SHUTDOWN_TIMEOUT_MS: '30000' };
    databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${pgPort}/dmarc_analytics`;
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    rmSync(root, { recursive: true, force: true });
  });

  it('npx dmarc-analytics demo: a month of traffic, an admin and a viewer key, no npm warning, and a first query that runs', async () => {
    const result = await runNpx(['demo'], env, join(root, 'npm-cache'));
    expect(result.stderr).not.toMatch(/unexpected error|npm warn/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${traffic.reports.length} stored, 0 already there`);
    expect(result.stdout).toMatch(/^Admin: +demo-admin@example\.com {2}password: \S{20,}/m);
    expect(result.stdout).toMatch(/^Viewer key: +dmarc_\S+/m);
    // Every sender named through the demo's own DNS (a dnsmasq on loopback) and classified: the
    // providers and small services authorized, forwarders and lists, two misconfigured services,
    // the campaign's ISPs and hosts unauthorized.
    expect(result.stdout).toMatch(
      /^ {2}senders {3}27 \(per domain\), every one named \(names from the demo's DNS zone, served by a loopback dnsmasq\): 10 authorized, 9 forwarder, 2 misconfigured, 6 unauthorized, 0 unknown$/m,
    );
    expect(result.stdout).toContain(`http://127.0.0.1:${env.PORT}/senders`);
    // No server runs yet: the summary says to start one.
    expect(result.stdout).toContain('Start the server (npm start), then open:');
    expect(result.stdout).toContain(`http://127.0.0.1:${env.PORT}/map`);
    // The query to paste is valid and uses nothing deprecated.
    const schema = buildSchema(readFileSync(join(projectRoot, 'schema.graphql'), 'utf8'));
    expect(validate(schema, parse(suggestedQuery(result.stdout)), [...specifiedRules, NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  }, 180_000);

  it('demo --reset starts over and leaves a database the next commands open; without dnsmasq the names come from the zone file', async () => {
    const reset = await runCli(['demo', '--reset'], { ...env, DNSMASQ_BIN: '/nonexistent/dnsmasq' }, 150_000);
    expect(reset.stderr).not.toMatch(/unexpected error/);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(`${traffic.reports.length} stored, 0 already there`);
    expect(reset.stdout).toMatch(
      /^ {2}senders {3}27 \(per domain\), every one named \(names written from the demo's DNS zone: dnsmasq is not installed \(apt-get install dnsmasq-base to name them through DNS\)\): 10 authorized, 9 forwarder, 2 misconfigured, 6 unauthorized, 0 unknown$/m,
    );
    password = /password: (\S+)/.exec(reset.stdout)![1]!;
    viewerKey = /^Viewer key: +(dmarc_\S+)/m.exec(reset.stdout)![1]!;

    // The migrations' record survived the reset: nothing pending, nothing applied again.
    const status = await runCli(['migrate', '--status'], env, 60_000);
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n')).toEqual(migrationsList.map((m) => expect.stringMatching(new RegExp(`^applied  ${m.name}$`))));

    const again = await runCli(['demo'], env, 150_000);
    expect(again.stderr).not.toMatch(/unexpected error|already exists/);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 stored, ${traffic.reports.length} already there`);
    expect(again.stdout).not.toMatch(/password: \S/);
    expect(again.stdout).toContain('exists');
  }, 400_000);

  it('serve starts on it; a demo run meanwhile says the server is running; the data is whole', async () => {
    server = await startServer(env);
    expect(server.log()).not.toContain('applied database migrations');

    const withServer = await runCli(['demo'], env, 150_000);
    expect(withServer.code).toBe(0);
    expect(withServer.stdout).toContain(`The server is running at http://127.0.0.1:${env.PORT}; open:`);
    expect(withServer.stdout).not.toContain('Start the server');

    // One admin (with the password the reset printed), one viewer key, every report once.
    expect(await count('SELECT count(*) AS n FROM users')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM api_keys')).toBe(1);
    expect(await count('SELECT count(*) AS n FROM dmarc_reports')).toBe(traffic.reports.length);
    expect(await count('SELECT count(*) AS n FROM dmarc_records')).toBe(traffic.records.length);
    expect(await count('SELECT count(*) AS n FROM ml_models WHERE deployed')).toBe(1);
    // Every report went through the parser: the records carry auth results and geolocations.
    expect(await count('SELECT count(*) AS n FROM dmarc_records WHERE auth_results IS NULL')).toBe(0);
    expect(await count(`SELECT count(DISTINCT country_code) AS n FROM geolocation_cache WHERE country_code IS NOT NULL`)).toBeGreaterThanOrEqual(8);
    // The spoofing campaign and the compromised provider are among the anomalies.
    const flagged = (ips: string[]) => count(`SELECT count(DISTINCT source_ip) AS n FROM ml_predictions WHERE host(source_ip) = ANY('{${ips.join(',')}}')`);
    expect(await flagged(traffic.campaignIps)).toBeGreaterThanOrEqual(0.9 * traffic.campaignIps.length);
    expect(await flagged(traffic.compromisedIps)).toBe(1);
    // Every address that sent mail is named, forward-confirmed in the demo's zone.
    const addresses = await count('SELECT count(DISTINCT source_ip) AS n FROM dmarc_records');
    expect(addresses).toBeGreaterThan(100);
    expect(await count(`SELECT count(*) AS n FROM sender_names WHERE reverse_dns = 'CONFIRMED' AND naming_source <> 'NONE'`)).toBe(addresses);

    const graphql = async (query: string, headers: Record<string, string>) => {
      const response = await fetch(`${server!.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
      return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    };
    const login = await graphql(`mutation { login(email: "demo-admin@example.com", password: ${JSON.stringify(password)}) { token } }`, {});
    expect(login.errors).toBeUndefined();
    // The suggested query, with the viewer key, answers the open alerts the detection raised.
    const first = await graphql(suggestedQuery(withServer.stdout), { 'x-api-key': viewerKey });
    expect(first.errors).toBeUndefined();
    expect((first.data as { alerts: { edges: unknown[] } }).alerts.edges.length).toBeGreaterThan(0);

    expect(await stopServer(server), server.log()).toBe(0);
    server = undefined;
  }, 240_000);

  it('is refused in production', async () => {
    const result = await runCli(['demo'], { ...env, NODE_ENV: 'production' });
    expect(result.code).not.toBe(0);
    // Refused before any store was opened: no cluster started for it.
    expect(readdirSync(env.EMBEDDED_PG_DIR!)).not.toContain('postmaster.pid');
  });
});

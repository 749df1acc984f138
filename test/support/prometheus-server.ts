import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { prometheusProgram } from './system-programs.js';

/** Debian's prometheus (npm test installs it: test/setup/system-packages.ts), or PROMETHEUS_BIN. */
export const PROMETHEUS = prometheusProgram.path(process.env)!;

export interface PrometheusServer {
  readonly url: string;
  /** The API's answer to a range query (`/api/v1/query_range`): its result, or the error it gave. */
  queryRange(expr: string, range: { start: number; end: number; step: number }): Promise<RangeAnswer>;
  stop(): Promise<void>;
}

export type RangeAnswer =
  | { readonly status: 'success'; readonly series: readonly RangeSeries[] }
  | { readonly status: 'error'; readonly error: string };

export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  /** [unix seconds, value] */
  readonly values: readonly (readonly [number, number])[];
}

/** A throw-away Prometheus on loopback, scraping `target` (host:port) every `scrapeSeconds`. */
export async function startPrometheus(target: string, scrapeSeconds = 1): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, [
    'global:',
    `  scrape_interval: ${scrapeSeconds}s`,
    `  scrape_timeout: ${scrapeSeconds}s`,
    'scrape_configs:',
    '  - job_name: dmarc-analytics',
    `    static_configs: [{ targets: ['${target}'] }]`,
    '',
  ].join('\n'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(PROMETHEUS, [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`prometheus did not become ready:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async queryRange(expr, range) {
      const params = new URLSearchParams({ query: expr, start: String(range.start), end: String(range.end), step: String(range.step) });
      const body = (await (await fetch(`${url}/api/v1/query_range?${params}`)).json()) as {
        status: string;
        error?: string;
        data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
      };
      if (body.status !== 'success') return { status: 'error', error: body.error ?? 'unknown error' };
      return { status: 'success', series: body.data!.result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, Number(v)] as const) })) };
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

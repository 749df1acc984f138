import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { dnsmasqZoneLines, type DnsZone } from './dns-zone.js';

/** dnsmasq as Debian installs it (`dnsmasq-base`), or DNSMASQ_BIN (then only that one). */
export function dnsmasqPath(): string | undefined {
  const candidates = process.env.DNSMASQ_BIN ? [process.env.DNSMASQ_BIN] : ['/usr/sbin/dnsmasq', '/usr/bin/dnsmasq'];
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const probe = spawnSync(path, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return path;
  }
  return undefined;
}

export interface LocalDnsServer {
  /** `127.0.0.1:port`, as DNS_SERVERS takes it. */
  readonly address: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A throw-away dnsmasq on a free loopback port serving `zone` and nothing else (every other name
 * is NXDOMAIN at once: `local=/#/`). It runs in the foreground as a child process with its own
 * configuration in a temporary folder, so stopping it (or the parent dying) leaves nothing behind.
 * Throws when dnsmasq is not installed (`apt-get install dnsmasq-base`).
 */
export async function startDnsmasq(zone: DnsZone, options: { readonly bin?: string } = {}): Promise<LocalDnsServer> {
  const bin = options.bin ?? dnsmasqPath();
  if (bin === undefined) {
    throw new Error('dnsmasq was not found (install the Debian package dnsmasq-base, or set DNSMASQ_BIN)');
  }
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-dnsmasq-'));
  let lastError: unknown;
  // A port free a moment ago may be taken by the time dnsmasq binds it: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freeUdpAndTcpPort();
    const conf = join(dir, 'dnsmasq.conf');
    writeFileSync(conf, [...baseLines(port), ...dnsmasqZoneLines(zone), ''].join('\n'));
    const child = spawn(bin, [`--conf-file=${conf}`, '--keep-in-foreground', '--log-facility=-', '--pid-file=', ...userOption()], { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
    try {
      await untilAnswering(child, port, () => stderr.join(''));
      return { address: `127.0.0.1:${port}`, port, stop: () => stop(child, dir) };
    } catch (error) {
      lastError = error;
      await stop(child);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}

function baseLines(port: number): string[] {
  return [
    'no-resolv',
    'no-hosts',
    `port=${port}`,
    'listen-address=127.0.0.1',
    'bind-interfaces',
    // Every name not listed: NXDOMAIN at once (without it: REFUSED).
    'local=/#/',
    // Answers straight from the configuration, nothing remembered between queries.
    'cache-size=0',
  ];
}

/** As root dnsmasq drops to an unprivileged user; as another user it stays who it is. */
function userOption(): string[] {
  return process.getuid?.() === 0 ? ['--user=nobody'] : [];
}

/** Waits until dnsmasq answers a query (NXDOMAIN for a name it does not serve), or fails with its output. */
async function untilAnswering(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const resolver = new Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`dnsmasq exited with ${code}: ${output().trim()}`))));
  exited.catch(() => {});
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    const answered = await Promise.race([
      resolver.resolve4('readiness-probe.invalid').then(
        () => true,
        (error: NodeJS.ErrnoException) => error.code === 'ENOTFOUND',
      ),
      exited,
    ]);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dnsmasq did not answer on port ${port} within 10 s: ${output().trim()}`);
}

async function stop(child: ChildProcess, dir?: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A loopback port free for both UDP and TCP a moment ago (dnsmasq listens on both). */
async function freeUdpAndTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => {
        const { port } = socket.address();
        socket.close(() => resolve(port));
      });
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error('no loopback port free for both UDP and TCP');
}

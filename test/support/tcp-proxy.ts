import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './ports.js';

/**
 * A loopback TCP proxy in front of a real server, so a test can make a dependency disappear
 * (every connection cut, new ones refused) and come back, without touching the shared server.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Extra delay before forwarding each chunk from the server, to keep requests in flight. */
  delayMs = 0;
  /**
   * Looks at each chunk a client sends; returning true cuts that connection (both sides) without
   * forwarding the chunk, as a crash or a network failure right before the command would.
   */
  cutWhen: ((clientChunk: Buffer) => boolean) | undefined;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.up();
    return proxy;
  }

  /** The target URL rewritten to go through the proxy. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Starts forwarding again; a no-op when already up. */
  up(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = createServer((client) => {
      // No Nagle delays: forwarded chunks are written as they come.
      client.setNoDelay(true);
      const upstream = createConnection({ ...this.target, noDelay: true });
      this.track(client);
      this.track(upstream);
      client.on('data', (chunk: Buffer) => {
        if (this.cutWhen?.(chunk)) {
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(chunk);
      });
      client.on('end', () => upstream.end());
      upstream.on('data', (chunk: Buffer) => {
        if (this.delayMs === 0) client.write(chunk);
        else setTimeout(() => client.writable && client.write(chunk), this.delayMs);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  /** Cuts every open connection and refuses new ones. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}

export function hostAndPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logging/logger.js';
import type { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import type { ClientAddress } from './client-address.js';
import { RATE_LIMITED, rateLimitedMessage, rateLimitedStatus } from '../rate-limit/rate-limited-error.js';

/**
 * Admits WebSocket upgrades before the handshake: each counts against the client IP's HTTP rate
 * limit (RATE_LIMIT_PER_MINUTE) like any request, and one address holds at most
 * `maxSocketsPerIp` sockets at once, authenticated or not (a socket that has not sent its
 * connection_init yet holds memory too). Refusals are answered with a plain HTTP 429 and the
 * connection is closed; nothing of the client's is read.
 */
export class WebSocketUpgradeGate {
  private readonly openByIp = new Map<string, number>();

  constructor(
    private readonly ipGate: RateLimitGate,
    private readonly maxSocketsPerIp: number,
    private readonly logger: Logger,
    private readonly clientAddress: ClientAddress,
  ) {}

  /** True when the upgrade may go ahead; the caller must call `released(ip)` once its socket closes. */
  async admit(request: IncomingMessage, socket: Duplex): Promise<boolean> {
    const ip = this.clientAddress.of(request);
    const known = this.ipGate.refusedFor(ip);
    if (known > 0) return this.refuse(socket, known);
    const decision = await this.ipGate.consume(ip, 1, this.logger, { ip, keyType: 'ip', route: 'websocket-upgrade' });
    if (!decision.allowed) return this.refuse(socket, decision.retryAfterSeconds);
    const open = this.openByIp.get(ip) ?? 0;
    if (open >= this.maxSocketsPerIp) {
      this.logger.warn({ ip, open }, 'WebSocket upgrade refused: too many sockets from this address');
      return this.refuse(socket, 60, `Too many WebSockets from this address (at most ${this.maxSocketsPerIp})`);
    }
    this.openByIp.set(ip, open + 1);
    return true;
  }

  released(ip: string): void {
    const open = (this.openByIp.get(ip) ?? 1) - 1;
    if (open <= 0) this.openByIp.delete(ip);
    else this.openByIp.set(ip, open);
  }

  /** Sockets open now from `ip` (for tests and logs). */
  openFrom(ip: string): number {
    return this.openByIp.get(ip) ?? 0;
  }

  private refuse(socket: Duplex, retryAfterSeconds: number, message = rateLimitedMessage(retryAfterSeconds)): false {
    const body = JSON.stringify({ error: { code: RATE_LIMITED, message } });
    const response =
      `HTTP/1.1 ${rateLimitedStatus} Too Many Requests\r\nRetry-After: ${retryAfterSeconds}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    if (socket.writable) socket.end(response, () => socket.destroy());
    else socket.destroy();
    return false;
  }
}

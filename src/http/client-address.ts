import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxySetting } from '../config/trust-proxy.js';

/** proxy-addr's question, asked from the socket outwards: may hop `hop` (0 = the TCP peer), at `address`, tell who sent the request? */
export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * The one answer to "which address is this client?", for everything that keys, limits or records
 * by it: HTTP and WebSocket rate limits, the per-IP WebSocket cap, login lockouts, request and
 * security logs, webhook audit lines. Built once from TRUST_PROXY (src/config/trust-proxy.ts).
 * Fastify is given the same trust function, so `request.ip` (and its request logs) agree with it.
 */
export interface ClientAddress {
  /** For fastify's `trustProxy` option; false when no proxy is trusted. */
  readonly trustProxy: TrustFunction | false;
  /** The client's address: the TCP peer, or the nearest address in X-Forwarded-For that is not a trusted proxy. */
  of(request: IncomingMessage): string;
}

export function clientAddressFor(setting: TrustProxySetting): ClientAddress {
  if (setting.kind === 'off') return { trustProxy: false, of: peerAddress };
  const trust: TrustFunction = setting.kind === 'hops' ? (_address, hop) => hop < setting.hops : proxyAddr.compile([...setting.entries]);
  // Several parts of one request ask (rate limit, log filter, context): the header is read once.
  const answers = new WeakMap<IncomingMessage, string>();
  return {
    trustProxy: trust,
    of(request) {
      let address = answers.get(request);
      if (address === undefined) {
        address = request.socket.remoteAddress === undefined ? 'unknown' : proxyAddr(request, trust);
        answers.set(request, address);
      }
      return address;
    },
  };
}

function peerAddress(request: IncomingMessage): string {
  return request.socket.remoteAddress ?? 'unknown';
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressProblem, WebhookTargetError } from './target-policy.js';

export interface WebhookHttpOptions {
  /** Allow loopback, private, link-local and other non-public targets (WEBHOOK_ALLOW_PRIVATE_TARGETS). */
  readonly allowPrivate: boolean;
  /** Until the TCP (and TLS) connection stands. */
  readonly connectTimeoutMs: number;
  /** The whole request, from lookup to the response status. */
  readonly timeoutMs: number;
  readonly userAgent: string;
}

export interface WebhookHttpResult {
  /** A 2xx answer. */
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
  /** Retrying cannot help (a refused target): the delivery fails at once. */
  readonly permanent: boolean;
}

/** How much of a failed response's body is kept for `lastError`; the rest is never read. */
const ERROR_BODY_BYTES = 300;

/**
 * POSTs one body. The target's addresses are checked after resolution, in the lookup the socket
 * itself uses, so a name that resolves to a public address when the webhook is saved and to
 * 127.0.0.1 at send time (DNS rebinding) is refused. Redirects are never followed: a 3xx is a
 * failed attempt (a redirect to another host must not carry the signed alert there, and one to the
 * same host is a configuration to fix). Every step has a bound: connect time, total time, and the
 * bytes of the answer read.
 */
export function postWebhook(url: URL, headers: Record<string, string>, body: string, options: WebhookHttpOptions): Promise<WebhookHttpResult> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  // Node connects to IP literals without calling `lookup`, so they are checked here.
  const literalProblem = !options.allowPrivate && isIpLiteral(host) ? addressProblem(host) : null;
  if (literalProblem) return Promise.resolve(refused(literalProblem));

  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: WebhookHttpResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      request.destroy();
      resolve(result);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': options.userAgent, ...headers },
      // A fresh connection per attempt: a pooled socket would skip the address check of a new lookup.
      agent: false,
      lookup: checkedLookup(options.allowPrivate),
    });
    const totalTimer = setTimeout(() => finish(failed(`Timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    let connectTimer: NodeJS.Timeout | undefined;
    request.on('socket', (socket) => {
      connectTimer = setTimeout(() => finish(failed(`Could not connect within ${options.connectTimeoutMs} ms`)), options.connectTimeoutMs);
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    request.on('error', (error: Error) => {
      finish(error instanceof WebhookTargetError ? refused(error.message) : failed(describeError(error)));
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        finish({ ok: true, status, error: null, permanent: false });
        return;
      }
      if (status >= 300 && status < 400) {
        const location = response.headers.location;
        finish(failed(`Redirect ${status}${location ? ` to ${redirectTarget(url, location)}` : ''} not followed (webhooks never follow redirects)`, status));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= ERROR_BODY_BYTES) finish(failed(httpError(status, chunks), status));
      });
      response.on('end', () => finish(failed(httpError(status, chunks), status)));
      response.on('error', () => finish(failed(httpError(status, chunks), status)));
    });
    request.end(body);
  });
}

/** dns.lookup, then a refusal when any address is not public (unless allowed). */
function checkedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!allowPrivate) {
        for (const { address } of addresses) {
          const problem = addressProblem(address);
          if (problem) return callback(new WebhookTargetError(`${hostname} resolves to ${problem}; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it`), '', 0);
        }
      }
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function refused(reason: string): WebhookHttpResult {
  return { ok: false, status: null, error: `Target refused: ${reason}`, permanent: true };
}

function failed(error: string, status: number | null = null): WebhookHttpResult {
  return { ok: false, status, error, permanent: false };
}

function httpError(status: number, chunks: readonly Buffer[]): string {
  const text = Buffer.concat(chunks).subarray(0, ERROR_BODY_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
  return `HTTP ${status}${text ? `: ${text}` : ''}`;
}

function redirectTarget(url: URL, location: string): string {
  try {
    const target = new URL(location, url);
    return target.host === url.host ? target.pathname : target.host;
  } catch {
    return 'an invalid location';
  }
}

function describeError(error: Error & { code?: string }): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}

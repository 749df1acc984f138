import { BadUserInputError } from '../errors/app-error.js';
import { ipv6Tunnel, parseIpAddress, reservedRangeOf } from '../geolocation/index.js';

const MAX_URL_LENGTH = 2048;

/** A webhook URL the sender refuses: bad scheme, credentials, or a target in a private range. */
export class WebhookTargetError extends BadUserInputError {}

/**
 * The URL as stored: http(s) only, no user name or password in it (the secret signs requests;
 * credentials in a URL end up in logs), no fragment. In production, `allowPrivate` false also
 * refuses hosts that are literally a loopback/private/link-local/multicast address or `localhost`;
 * names are checked again on every send, against the addresses they resolve to then.
 */
export function parseWebhookUrl(text: string, allowPrivate: boolean): URL {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_URL_LENGTH) throw new WebhookTargetError(`Webhook URL must be 1 to ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new WebhookTargetError('Webhook URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('Webhook URL must start with http:// or https://');
  if (url.username || url.password) throw new WebhookTargetError('Webhook URL must not contain a user name or password');
  if (!url.hostname) throw new WebhookTargetError('Webhook URL has no host');
  url.hash = '';
  if (!allowPrivate) {
    const problem = literalHostProblem(url.hostname);
    if (problem) throw new WebhookTargetError(`Webhook URL points at ${problem}; set WEBHOOK_ALLOW_PRIVATE_TARGETS=true to allow it`);
  }
  return url;
}

/**
 * Why an address may not be a webhook target (`a loopback address (127.0.0.1)`), or null when it
 * is public. A 6to4 or Teredo address is judged by the IPv4 hosts it embeds (ipv6Tunnel):
 * `2002:7f00:1::` is refused as 127.0.0.1, a Teredo address whose server and client are public
 * is allowed like any public address.
 */
export function addressProblem(address: string): string | null {
  const parsed = parseIpAddress(address);
  if (!parsed) return `an unparseable address ${address}`;
  const tunnel = ipv6Tunnel(parsed);
  for (const host of tunnel?.hosts ?? []) {
    const range = reservedRangeOf(host);
    if (range !== null) return `a ${range} address (${host.text}, inside the ${tunnel!.kind} address ${address})`;
  }
  const range = reservedRangeOf(parsed);
  // Teredo's own range says nothing once its hosts are known to be public.
  return range === null || (range === 'teredo' && tunnel) ? null : `a ${range} address (${address})`;
}

/** A URL host that is an IP literal in a reserved range, or a localhost name. */
function literalHostProblem(hostname: string): string | null {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (parseIpAddress(host)) return addressProblem(host);
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') ? `a loopback name (${hostname})` : null;
}

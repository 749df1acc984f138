import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header with the timestamp and signature: `X-Dmarc-Signature: t=1764600000,v1=<hex>`. */
export const SIGNATURE_HEADER = 'x-dmarc-signature';
/** The delivery id: the same on every attempt of one delivery, so a receiver can drop repeats. */
export const DELIVERY_HEADER = 'x-dmarc-delivery';
export const EVENT_HEADER = 'x-dmarc-event';
/** How far a receiver should let the signed timestamp be from its own clock (either way). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret, as hex. Signing the timestamp
 * with the body is what makes a replay detectable: an old request cannot be given a new timestamp.
 */
function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** The header value for a body sent at `timestampSeconds`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${webhookSignature(secret, timestampSeconds, body)}`;
}

export type SignatureCheck = { readonly valid: true; readonly timestamp: number } | { readonly valid: false; readonly reason: string };

/**
 * What a receiver does (the README shows the same in a few lines): parse the header, recompute the
 * HMAC over the raw body exactly as received, compare in constant time, and refuse timestamps
 * outside the tolerance. Several `v1=` values are accepted, for secret rotation.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { valid: false, reason: 'no signature header' };
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't') timestamp = Number(value);
    else if (key === 'v1') signatures.push(value);
  }
  if (!Number.isInteger(timestamp)) return { valid: false, reason: 'no timestamp' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { valid: false, reason: 'timestamp outside the tolerance' };
  const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
  const matches = signatures.some((signature) => {
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { valid: true, timestamp } : { valid: false, reason: 'signature mismatch' };
}

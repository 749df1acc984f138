const DOT = 0x2e;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * Strict dotted-quad parser: four decimal octets, no leading zeros (which some stacks read as
 * octal, so `010.0.0.1` is ambiguous), nothing else. Returns the address as an unsigned 32-bit
 * number, or -1. Hand-written because it runs once per lookup on the hot path.
 */
export function parseIpv4(text: string, start = 0, end = text.length): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= DIGIT_0 && c <= DIGIT_9) {
      if (digits === 1 && octet === 0) return -1;
      octet = octet * 10 + (c - DIGIT_0);
      if (octet > 255) return -1;
      digits++;
    } else if (c === DOT) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + octet;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/** Whether `value` lies in `network/prefixLength` (all as unsigned 32-bit numbers). */
export function ipv4InPrefix(value: number, network: number, prefixLength: number): boolean {
  if (prefixLength === 0) return true;
  const shift = 32 - prefixLength;
  return value >>> shift === network >>> shift;
}

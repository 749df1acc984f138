import { formatIpv4, parseIpv4 } from './ipv4.js';

/** An IPv6 address as its eight 16-bit groups. */
export type Ipv6Groups = readonly number[];

const COLON = 0x3a;
const DOT = 0x2e;

/** Value of a hex digit character, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * Parses IPv6 text into eight groups, or returns undefined: one to four hex digits a group, at
 * most one `::`, an optional strict dotted IPv4 as the last 32 bits. Zone ids (`%eth0`) are
 * refused because they only mean something on the host that wrote them. Hand-written, in one
 * pass, because it runs once per IPv6 lookup.
 */
export function parseIpv6(text: string): Ipv6Groups | undefined {
  const groups: number[] = [];
  let gap = -1; // index in `groups` where `::` stands
  let i = 0;
  const end = text.length;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < end) {
    const groupStart = i;
    let value = 0;
    let digit: number;
    while (i < end && i - groupStart < 5 && (digit = hexValue(text.charCodeAt(i))) >= 0) {
      value = value * 16 + digit;
      i++;
    }
    if (i < end && text.charCodeAt(i) === DOT) {
      // The dotted IPv4 must be the last thing and fill the last two groups.
      const ipv4 = parseIpv4(text, groupStart, end);
      if (ipv4 < 0 || groups.length > 6) return undefined;
      groups.push(ipv4 >>> 16, ipv4 & 0xffff);
      break;
    }
    const digits = i - groupStart;
    if (digits === 0 || digits > 4 || groups.length === 8) return undefined;
    groups.push(value);
    if (i === end) break;
    if (text.charCodeAt(i) !== COLON) return undefined;
    i++;
    if (text.charCodeAt(i) === COLON) {
      if (gap !== -1) return undefined;
      gap = groups.length;
      i++;
    } else if (i === end) {
      return undefined; // a single trailing colon
    }
  }
  if (gap === -1) return groups.length === 8 ? groups : undefined;
  if (groups.length > 7) return undefined;
  groups.splice(gap, 0, ...new Array<number>(8 - groups.length).fill(0));
  return groups;
}

/**
 * RFC 5952 text: lower-case hex without leading zeros, the longest run (first on a tie) of two
 * or more zero groups shortened to `::`, and IPv4-mapped addresses in dotted notation (§5).
 */
export function formatIpv6(groups: Ipv6Groups): string {
  if (isIpv4Mapped(groups)) return `::ffff:${formatIpv4(embeddedIpv4(groups))}`;
  const [runStart, runLength] = longestZeroRun(groups);
  const runEnd = runLength < 2 ? -1 : runStart + runLength;
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === runStart && runEnd !== -1) {
      text += '::';
      i = runEnd - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += (groups[i] ?? 0).toString(16);
  }
  return text;
}

function longestZeroRun(groups: Ipv6Groups): [start: number, length: number] {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  return [bestStart, bestLength];
}

/** ::ffff:0:0/96 (RFC 4291 §2.5.5.2): an IPv4 host seen through an IPv6 socket. */
export function isIpv4Mapped(groups: Ipv6Groups): boolean {
  return groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff;
}

/** The IPv4 address carried in the last 32 bits, as an unsigned number. */
export function embeddedIpv4(groups: Ipv6Groups): number {
  return (groups[6] ?? 0) * 0x10000 + (groups[7] ?? 0);
}

/** Whether `groups` lies in the prefix `network/prefixLength`. */
export function ipv6InPrefix(groups: Ipv6Groups, network: Ipv6Groups, prefixLength: number): boolean {
  for (let i = 0, remaining = prefixLength; remaining > 0; i++, remaining -= 16) {
    const bits = Math.min(16, remaining);
    const shift = 16 - bits;
    if ((groups[i] ?? 0) >>> shift !== (network[i] ?? 0) >>> shift) return false;
  }
  return true;
}

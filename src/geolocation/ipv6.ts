import { isIPv6 } from 'node:net';
import { formatIpv4, parseIpv4 } from './ipv4.js';

/** An IPv6 address as its eight 16-bit groups. */
export type Ipv6Groups = readonly number[];

/**
 * Parses IPv6 text into eight groups, or returns undefined. Node's validator is strict (no
 * leading zeros in an embedded IPv4, at most four hex digits a group); zone ids (`%eth0`) are
 * refused because they only mean something on the host that wrote them.
 */
export function parseIpv6(text: string): Ipv6Groups | undefined {
  if (text.includes('%') || !isIPv6(text)) return undefined;
  const doubleColon = text.indexOf('::');
  const head = doubleColon === -1 ? text : text.slice(0, doubleColon);
  const tail = doubleColon === -1 ? '' : text.slice(doubleColon + 2);
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  if (!headGroups || !tailGroups) return undefined;
  const zeros = 8 - headGroups.length - tailGroups.length;
  if (doubleColon === -1 ? zeros !== 0 : zeros < 1) return undefined;
  return [...headGroups, ...new Array<number>(zeros).fill(0), ...tailGroups];
}

function groupsOf(part: string): number[] | undefined {
  if (part === '') return [];
  const groups: number[] = [];
  for (const piece of part.split(':')) {
    if (piece.includes('.')) {
      const ipv4 = parseIpv4(piece);
      if (ipv4 < 0) return undefined;
      groups.push(ipv4 >>> 16, ipv4 & 0xffff);
    } else {
      groups.push(Number.parseInt(piece, 16));
    }
  }
  return groups;
}

/**
 * RFC 5952 text: lower-case hex without leading zeros, the longest run (first on a tie) of two
 * or more zero groups shortened to `::`, and IPv4-mapped addresses in dotted notation (§5).
 */
export function formatIpv6(groups: Ipv6Groups): string {
  if (isIpv4Mapped(groups)) return `::ffff:${formatIpv4(embeddedIpv4(groups))}`;
  const [runStart, runLength] = longestZeroRun(groups);
  const hex = (from: number, to: number) => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (runLength < 2) return hex(0, 8);
  return `${hex(0, runStart)}::${hex(runStart + runLength, 8)}`;
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

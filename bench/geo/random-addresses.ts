import { formatIpv4 } from '../../src/geolocation/ipv4.js';
import { requireIpAddress } from '../../src/geolocation/ip-address.js';
import { reservedRangeOf } from '../../src/geolocation/reserved-ranges.js';

/** xorshift32: the same addresses on every run, so runs are comparable. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>>= 0);
  };
}

/** Random IPv4 addresses outside every special-purpose range. */
export function randomPublicIpv4(count: number, seed = 0x5eed): string[] {
  const next = createRandom(seed);
  const addresses: string[] = [];
  while (addresses.length < count) {
    const text = formatIpv4(next());
    if (reservedRangeOf(requireIpAddress(text)) === null) addresses.push(text);
  }
  return addresses;
}

// /32s of large networks (Google, Cloudflare, Meta, AWS, Hetzner, OVH, Microsoft, Deutsche
// Telekom, Comcast, Chinanet, NTT...): uniformly random IPv6 would almost never hit any data.
const POPULATED_IPV6_PREFIXES = [
  [0x2001, 0x4860], [0x2606, 0x4700], [0x2a03, 0x2880], [0x2600, 0x1f00], [0x2a01, 0x4f8], [0x2001, 0x41d0],
  [0x2603, 0x1000], [0x2003, 0x0], [0x2601, 0x0], [0x240e, 0x0], [0x2400, 0x4000], [0x2a00, 0x1450],
  [0x2804, 0x0], [0x2c0f, 0xf000], [0x2a02, 0x8100], [0x2405, 0x200],
] as const;

/** Random IPv6 addresses inside well-populated provider prefixes. */
export function randomPublicIpv6(count: number, seed = 0x6eed): string[] {
  const next = createRandom(seed);
  return Array.from({ length: count }, () => {
    const [first, second] = POPULATED_IPV6_PREFIXES[next() % POPULATED_IPV6_PREFIXES.length] ?? POPULATED_IPV6_PREFIXES[0];
    const groups = [first, second | (next() & 0xff), next() & 0xffff, next() & 0xffff, next() & 0xffff, 0, 0, next() & 0xffff];
    return groups.map((g) => g.toString(16)).join(':');
  });
}

/** `ipv4Count` public IPv4 with one IPv6 after every `ipv4PerIpv6`, spread evenly through the list. */
export function randomPublicAddresses(ipv4Count: number, ipv4PerIpv6 = 20): string[] {
  const ipv6 = randomPublicIpv6(Math.floor(ipv4Count / ipv4PerIpv6));
  return randomPublicIpv4(ipv4Count).flatMap((ip, i) => {
    const companion = (i + 1) % ipv4PerIpv6 === 0 ? ipv6[(i + 1) / ipv4PerIpv6 - 1] : undefined;
    return companion ? [ip, companion] : [ip];
  });
}

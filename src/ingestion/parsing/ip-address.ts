/**
 * Canonical text of an IP address, or null if it is none: IPv4 as a dotted quad without leading
 * zeros, IPv6 per RFC 5952 (lower case, no leading zeros, longest zero run as `::`, IPv4-mapped
 * addresses with a dotted tail). One spelling per address so the store can group by it.
 */
export function canonicalIp(raw: string): string | null {
  const text = raw.trim();
  if (text.includes(':')) return canonicalIpv6(text);
  return isCanonicalIpv4(text) ? text : null;
}

/** Dotted quad, each part 0-255 without leading zeros; a loop because it runs for every record. */
function isCanonicalIpv4(text: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero would be read as octal by some tools: refuse the ambiguity.
      if (digits > 0 && value === 0) return false;
      value = value * 10 + (c - 48);
      digits++;
      if (digits > 3) return false;
    } else return false;
  }
  return parts === 4;
}

function parseIpv4(text: string): number[] | null {
  return isCanonicalIpv4(text) ? text.split('.').map(Number) : null;
}

function parseHextets(groups: readonly string[]): number[] | null {
  const hextets: number[] = [];
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
    hextets.push(parseInt(group, 16));
  }
  return hextets;
}

function parseIpv6(text: string): number[] | null {
  let head = text;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const octets = parseIpv4(text.slice(lastColon + 1));
    if (octets === null) return null;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    tail.push((a << 8) | b, (c << 8) | d);
    // Keep a `::` that directly precedes the IPv4 part.
    head = text.charAt(lastColon - 1) === ':' ? text.slice(0, lastColon + 1) : text.slice(0, lastColon);
  }
  const halves = head.split('::');
  if (halves.length > 2) return null;
  const split = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const left = parseHextets(split(halves[0] ?? ''));
  const right = halves.length === 2 ? parseHextets(split(halves[1] ?? '')) : [];
  if (left === null || right === null) return null;
  const explicit = left.length + right.length + tail.length;
  if (halves.length === 1) return explicit === 8 ? [...left, ...tail] : null;
  if (explicit > 7) return null;
  return [...left, ...new Array<number>(8 - explicit).fill(0), ...right, ...tail];
}

function canonicalIpv6(text: string): string | null {
  const hextets = parseIpv6(text);
  if (hextets === null) return null;
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    const [v1 = 0, v2 = 0] = hextets.slice(6);
    return `::ffff:${v1 >> 8}.${v1 & 255}.${v2 >> 8}.${v2 & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
  for (let i = 0; i < 8; ) {
    if (hextets[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && hextets[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = hextets.map((h) => h.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

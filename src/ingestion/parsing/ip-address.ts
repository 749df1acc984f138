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

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * The eight hextets of an IPv6 address (groups of 1-4 hex digits, at most one `::`, optionally a
 * canonical dotted-quad tail), or null. One pass over the characters: it runs for every IPv6 record.
 */
function parseIpv6(text: string): number[] | null {
  const hextets: number[] = [];
  const length = text.length;
  let gap = -1; // where `::` stands, as an index into hextets
  let i = 0;
  if (text.charCodeAt(0) === 58 /* : */) {
    if (text.charCodeAt(1) !== 58) return null;
    gap = 0;
    i = 2;
  }
  while (i < length) {
    const start = i;
    let value = 0;
    let digit: number;
    while (i < length && (digit = hexDigit(text.charCodeAt(i))) !== -1) {
      value = value * 16 + digit;
      i++;
    }
    if (i < length && text.charCodeAt(i) === 46 /* . */) {
      // An IPv4 tail: the rest of the text must be a dotted quad.
      const tail = text.slice(start);
      if (hextets.length > 6 || !isCanonicalIpv4(tail)) return null;
      const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
      hextets.push((a << 8) | b, (c << 8) | d);
      break;
    }
    if (i === start || i - start > 4 || hextets.length === 8) return null;
    hextets.push(value);
    if (i === length) break;
    if (text.charCodeAt(i) !== 58) return null;
    i++;
    if (text.charCodeAt(i) === 58) {
      if (gap !== -1) return null;
      gap = hextets.length;
      i++;
    } else if (i === length) return null;
  }
  if (gap === -1) return hextets.length === 8 ? hextets : null;
  if (hextets.length > 7) return null;
  const zeros = new Array<number>(8 - hextets.length).fill(0);
  return [...hextets.slice(0, gap), ...zeros, ...hextets.slice(gap)];
}

function canonicalIpv6(text: string): string | null {
  const hextets = parseIpv6(text);
  if (hextets === null) return null;
  const [h0, h1, h2, h3, h4, h5, v1 = 0, v2 = 0] = hextets;
  if (h0 === 0 && h1 === 0 && h2 === 0 && h3 === 0 && h4 === 0 && h5 === 0xffff) {
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
  let canonical = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      canonical += '::';
      i += bestLength - 1;
      continue;
    }
    if (i > 0 && i !== bestStart + bestLength) canonical += ':';
    canonical += (hextets[i] as number).toString(16);
  }
  return canonical;
}

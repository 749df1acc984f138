import { MalformedXmlError } from '../errors.js';

const predefined: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const reference = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,31});/g;

/**
 * Resolves the five predefined entities and character references. Nothing else can be defined
 * (DTDs are refused), so any other `&name;` and a bare `&` (reporters write "AT&T") stay literal,
 * as do references to other non-characters, with a warning.
 */
export function decodeEntities(raw: string, warn: (message: string) => void): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(reference, (whole, body: string) => {
    if (body.charCodeAt(0) !== 35 /* # */) {
      const named = predefined[body];
      if (named === undefined) warn(`unknown entity ${whole} kept as text`);
      return named ?? whole;
    }
    const codePoint = body.charCodeAt(1) === 120 /* x */ ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    // NUL is refused in every form (as the raw character too, see ReportDocumentParser): no text
    // column can store it, and keeping the reference verbatim would hide what the reporter meant.
    if (codePoint === 0) throw new MalformedXmlError(`character reference ${whole} stands for U+0000 (NUL), which is not allowed in XML`);
    if (!isXmlChar(codePoint)) {
      warn(`character reference ${whole} is not an XML character; kept as text`);
      return whole;
    }
    return String.fromCodePoint(codePoint);
  });
}

function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

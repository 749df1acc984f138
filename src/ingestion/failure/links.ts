/** URLs of one sample kept at most (a phishing mail has a few; a newsletter a few hundred). */
const MAX_URLS = 100;
/** A longer URL is skipped: it carries a payload, not an address. */
const MAX_URL_CHARS = 2048;

// Linear: one character class up to a delimiter, never backtracking into itself.
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`\\^{|}]+/gi;
const HREF = /\b(?:href|src)\s*=\s*["']?(https?:\/\/[^\s"'<>]+)/gi;
// Punctuation that ends a sentence rather than the URL.
const TRAILING = /[.,;:!?)\]]+$/;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&#38;': '&', '&quot;': '"', '&#x3d;': '=', '&#61;': '=' };

/** The http(s) URLs of a body's text and HTML, each once, in order of appearance. */
export function extractUrls(text: string | undefined, html: string | undefined): string[] {
  const found = new Set<string>();
  const add = (raw: string) => {
    if (found.size >= MAX_URLS) return;
    const url = raw.replace(/&(?:amp|#38|quot|#x3d|#61);/gi, (entity) => ENTITIES[entity.toLowerCase()] ?? entity).replace(TRAILING, '');
    if (url.length > MAX_URL_CHARS || url.length < 10) return;
    found.add(url);
  };
  if (html !== undefined) {
    for (const match of html.matchAll(HREF)) add(match[1]!);
    for (const match of html.matchAll(URL_IN_TEXT)) add(match[0]);
  }
  if (text !== undefined) for (const match of text.matchAll(URL_IN_TEXT)) add(match[0]);
  return [...found];
}

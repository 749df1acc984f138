import { MalformedXmlError, ReportTooLargeError, UnsafeXmlError, XmlTooDeepError } from '../errors.js';
import { decodeEntities } from './entities.js';

/** An element the handler expects at this point, as `XmlHandler.expectedElement` finds it. */
export interface ExpectedElement {
  readonly name: string;
  /** The name's character codes: matching then reads only the document's characters. */
  readonly nameCodes: readonly number[];
  /** Its content is a text value (no child elements), so `<name>value</name>` can be read in one step. */
  readonly isValue: boolean;
}

/** What the scanner reports. Names are local names: a namespace prefix is dropped. */
export interface XmlHandler<E extends ExpectedElement = ExpectedElement> {
  openElement(name: string, rawAttributes: string): void;
  /**
   * The element the handler expects at this point whose name starts at `start` in `text` and is
   * directly followed by `>`, or null; nothing is opened yet. The scanner's hottest path: no name
   * is sliced, hashed or validated character by character.
   */
  expectedElement(text: string, start: number): E | null;
  /** Opens an element that `expectedElement` returned. */
  openExpectedElement(element: E): void;
  /**
   * `<name>value</name>` of an expected element with `isValue`, read in one step: the same as
   * opening it, `text(value)` and closing it.
   */
  expectedValue(element: E, value: string): void;
  /** Closes the element opened last (the scanner checks the names match). */
  closeElement(): void;
  /** Called only while `wantsText` is true, possibly several times per element. */
  text(value: string): void;
  /**
   * While `wantsText`: `length` characters of text are waiting for the rest of their value in the
   * next chunk, so that the handler can refuse a value that is already too long.
   */
  pendingText(length: number): void;
  readonly wantsText: boolean;
  warn(message: string): void;
  /** After the root element closed: whether another one, of this local name, may follow (a foreign element before the report, a concatenated report). */
  acceptsAnotherRoot(name: string): boolean;
}

const NEED_MORE = -1;
const NAME_CHAR = new Uint8Array(128);
for (const range of ['az', 'AZ', '09', '__', '--', '..', '::']) {
  for (let c = range.charCodeAt(0); c <= range.charCodeAt(1); c++) NAME_CHAR[c] = 1;
}

function isNameChar(c: number): boolean {
  return c >= 128 || NAME_CHAR[c] === 1;
}

function isNameStart(c: number): boolean {
  return c >= 128 || (NAME_CHAR[c] === 1 && !(c >= 48 && c <= 57) && c !== 45 && c !== 46);
}

function isBlank(text: string): boolean {
  return text.trim().length === 0;
}

/**
 * An incremental XML tokenizer for the subset DMARC reports use, written for speed and safety:
 * - it never reads a DTD: any `<!DOCTYPE`/`<!ENTITY`/... is refused, so no external entity is
 *   fetched and no entity is expanded;
 * - it keeps only the unparsed tail of the input, so memory does not grow with the document;
 * - it refuses elements nested deeper than `maxDepth`, so its stack of open elements is bounded;
 * - a `<` that cannot start a tag (`<bad@host>`, `a<b` before an end tag) is kept as text, the
 *   recovery parsedmarc gets from lxml, reported through `warn`.
 */
export class XmlScanner<E extends ExpectedElement> {
  private buffer = '';
  private pos = 0;
  /** Characters already dropped from the front of `buffer`, for error offsets. */
  private dropped = 0;
  /** The open elements, innermost last; those opened the checked way get their codes computed. */
  private readonly open: ExpectedElement[] = [];
  /** Index of the next `&` at or after where it was last looked for; the buffer's length if none. */
  private nextAmpersand = -1;
  private rootSeen = false;
  private rootClosed = false;

  constructor(
    private readonly handler: XmlHandler<E>,
    private readonly maxTokenChars: number,
    private readonly maxDepth: number,
  ) {}

  write(chunk: string): void {
    if (this.pos >= this.buffer.length) {
      this.dropped += this.buffer.length;
      this.buffer = chunk;
    } else {
      this.dropped += this.pos;
      // join, not +: `+` makes a cons string, and every charCodeAt on it then pays for the
      // indirection (12% of the parse); join copies both parts into one flat string.
      this.buffer = [this.buffer.slice(this.pos), chunk].join('');
    }
    this.pos = 0;
    this.nextAmpersand = -1;
    this.scan(false);
  }

  end(): void {
    this.scan(true);
    if (!this.rootSeen) throw new MalformedXmlError('the document has no root element');
    if (this.open.length === 0) return;
    // Ended inside a value: what follows is lost, and the value may be cut short.
    if (this.handler.wantsText) {
      throw new MalformedXmlError(`the document ends inside <${this.open.at(-1)?.name}> (truncated?)`, this.offset(this.buffer.length));
    }
    // Ended between elements, only end tags missing: close them, as lxml's recover mode does.
    const missing = this.open.map((element) => `</${element.name}>`).reverse().join('');
    this.handler.warn(`the document ends without ${missing}; they were added`);
    while (this.open.length > 0) this.popElement();
  }

  private offset(pos: number): number {
    return this.dropped + pos;
  }

  private scan(final: boolean): void {
    const s = this.buffer;
    const handler = this.handler;
    let pos = this.pos;
    for (;;) {
      const lt = s.indexOf('<', pos);
      if (lt === -1) {
        // Text of a value may continue in the next chunk; anything else is layout whitespace.
        if (handler.wantsText && !final) {
          this.checkTokenLength(s.length - pos);
          // Raw text is at most 10 times its decoded length (`&#1114111;` is 2 UTF-16 units).
          handler.pendingText(Math.ceil((s.length - pos) / 10));
        } else {
          if (handler.wantsText) handler.text(this.textBetween(s, pos, s.length));
          else this.outsideText(s, pos, s.length);
          pos = s.length;
        }
        break;
      }
      if (lt > pos) {
        if (handler.wantsText) handler.text(this.textBetween(s, pos, lt));
        else this.outsideText(s, pos, lt);
      }
      const next = this.markup(s, lt, final);
      if (next === NEED_MORE) {
        if (final) throw new MalformedXmlError('the document ends inside a tag (truncated?)', this.offset(lt));
        this.checkTokenLength(s.length - lt);
        pos = lt;
        break;
      }
      pos = next;
    }
    this.pos = pos;
  }

  private readonly warn = (message: string): void => this.handler.warn(message);

  /** The text from `from` to `to` with entities decoded; looks for `&` once per stretch of the buffer, not once per value. */
  private textBetween(s: string, from: number, to: number): string {
    if (this.nextAmpersand < from) {
      const ampersand = s.indexOf('&', from);
      this.nextAmpersand = ampersand === -1 ? s.length : ampersand;
    }
    const raw = s.slice(from, to);
    return this.nextAmpersand < to ? decodeEntities(raw, this.warn) : raw;
  }

  private checkTokenLength(length: number): void {
    if (length > this.maxTokenChars) {
      throw new ReportTooLargeError('maxTokenChars', this.maxTokenChars, 'a single XML tag or value');
    }
  }

  /** Text where no value is expected: only layout, except before the root where it means "not XML". */
  private outsideText(s: string, from: number, to: number): void {
    if (this.open.length > 0 || this.rootClosed) return;
    if (!isBlank(s.slice(from, to))) throw new MalformedXmlError('text before the root element', this.offset(from));
  }

  /** Handles the markup at `lt`; returns where scanning continues or NEED_MORE. */
  private markup(s: string, lt: number, final: boolean): number {
    if (lt + 1 >= s.length) return final ? this.stray(lt) : NEED_MORE;
    const c = s.charCodeAt(lt + 1);
    if (c === 47 /* / */) return this.endTag(s, lt);
    if (c === 33 /* ! */) return this.declaration(s, lt);
    if (c === 63 /* ? */) {
      const close = s.indexOf('?>', lt + 2);
      return close === -1 ? NEED_MORE : close + 2;
    }
    if (isNameStart(c)) return this.startTag(s, lt);
    return this.stray(lt);
  }

  private startTag(s: string, lt: number): number {
    // Fast path: `<name>` with a name the handler expects is valid without looking at its characters.
    if (!this.rootClosed) {
      const element = this.handler.expectedElement(s, lt + 1);
      if (element !== null) {
        const contentStart = lt + element.name.length + 2;
        const next = element.isValue ? this.simpleValue(s, contentStart, element) : NEED_MORE;
        if (next !== NEED_MORE) return next;
        // No depth check here: expected elements are children of known ones, at most 6 deep.
        this.handler.openExpectedElement(element);
        this.rootSeen = true;
        this.open.push(element);
        return contentStart;
      }
    }
    return this.checkedStartTag(s, lt);
  }

  /**
   * `value</name>` right after `<name>`, the shape of nearly every field, read in one step;
   * NEED_MORE for anything else (markup inside, the end tag not in this chunk yet), which the
   * general loop then reads.
   */
  private simpleValue(s: string, from: number, element: E): number {
    const lt = s.indexOf('<', from);
    const codes = element.nameCodes;
    const gt = lt + 2 + codes.length;
    if (lt === -1 || s.charCodeAt(lt + 1) !== 47 /* / */ || s.charCodeAt(gt) !== 62 /* > */ || !matchesCodesAt(s, lt + 2, codes)) {
      return NEED_MORE;
    }
    this.handler.expectedValue(element, lt > from ? this.textBetween(s, from, lt) : '');
    return gt + 1;
  }

  private checkedStartTag(s: string, lt: number): number {
    const length = s.length;
    let i = lt + 2;
    while (i < length && isNameChar(s.charCodeAt(i))) i++;
    if (i >= length) return NEED_MORE;
    const name = s.slice(lt + 1, i);
    const c = s.charCodeAt(i);
    if (c === 62 /* > */) {
      this.openElement(name, '', lt);
      return i + 1;
    }
    if (c === 47 /* / */) {
      if (i + 1 >= length) return NEED_MORE;
      if (s.charCodeAt(i + 1) !== 62) return this.stray(lt);
      this.openElement(name, '', lt);
      this.closeElement(name, lt);
      return i + 2;
    }
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return this.stray(lt);
    const gt = this.attributesEnd(s, i);
    if (gt === NEED_MORE) return NEED_MORE;
    if (gt < 0) return this.stray(lt);
    const selfClosing = s.charCodeAt(gt - 1) === 47;
    this.openElement(name, s.slice(i, selfClosing ? gt - 1 : gt), lt);
    if (selfClosing) this.closeElement(name, lt);
    return gt + 1;
  }

  /** Index of the `>` ending a tag's attributes, NEED_MORE, or -2 when a `<` shows it is no tag. */
  private attributesEnd(s: string, from: number): number {
    let quote = 0;
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) return i;
      else if (c === 60) return -2;
    }
    return NEED_MORE;
  }

  private endTag(s: string, lt: number): number {
    // Fast path without allocating: the end tag names the element that is open, as it nearly always does.
    const expected = this.open[this.open.length - 1];
    if (expected !== undefined) {
      const codes = expected.nameCodes;
      if (s.charCodeAt(lt + 2 + codes.length) === 62 && matchesCodesAt(s, lt + 2, codes)) {
        this.popElement();
        return lt + 3 + codes.length;
      }
    }
    const gt = s.indexOf('>', lt + 2);
    if (gt === -1) return NEED_MORE;
    this.closeElement(s.slice(lt + 2, gt).trimEnd(), lt);
    return gt + 1;
  }

  private declaration(s: string, lt: number): number {
    if (s.startsWith('<!--', lt)) {
      const close = s.indexOf('-->', lt + 4);
      return close === -1 ? NEED_MORE : close + 3;
    }
    const cdata = '<![CDATA[';
    if (s.startsWith(cdata, lt)) {
      const close = s.indexOf(']]>', lt + cdata.length);
      if (close === -1) return NEED_MORE;
      if (this.handler.wantsText) this.handler.text(s.slice(lt + cdata.length, close));
      return close + 3;
    }
    const available = s.slice(lt, lt + cdata.length);
    if (available.length < cdata.length && (cdata.startsWith(available) || '<!--'.startsWith(available))) {
      return NEED_MORE;
    }
    const keyword = /^<!([A-Za-z]*)/.exec(s.slice(lt, lt + 20))?.[1] ?? '';
    throw new UnsafeXmlError(
      `the report contains a document type declaration (<!${keyword}...>); DTDs and entity declarations are refused ` +
        'because they enable external entity (XXE) and entity expansion attacks',
    );
  }

  /** A `<` that starts no tag: text if a value is being read, otherwise dropped. */
  private stray(lt: number): number {
    if (this.handler.wantsText) {
      this.handler.text('<');
      this.handler.warn(`a "<" at character ${this.offset(lt)} starts no tag and was read as text`);
    } else if (this.open.length === 0 && !this.rootClosed) {
      throw new MalformedXmlError('the document does not start with an XML element', this.offset(lt));
    } else {
      this.handler.warn(`a "<" at character ${this.offset(lt)} starts no tag and was ignored`);
    }
    return lt + 1;
  }

  private openElement(qualifiedName: string, rawAttributes: string, lt: number): void {
    if (this.rootClosed) {
      if (!this.handler.acceptsAnotherRoot(localName(qualifiedName))) throw new MalformedXmlError(`<${qualifiedName}> after the end of the root element`, this.offset(lt));
      this.rootClosed = false;
    }
    if (this.open.length >= this.maxDepth) {
      throw new XmlTooDeepError(
        `elements are nested more than ${this.maxDepth} deep at character ${this.offset(lt)} (maxXmlDepth); a DMARC report needs 6`,
      );
    }
    this.rootSeen = true;
    this.open.push({ name: qualifiedName, nameCodes: charCodes(qualifiedName), isValue: false });
    this.handler.openElement(localName(qualifiedName), rawAttributes);
  }

  private closeElement(qualifiedName: string, lt: number): void {
    const expected = this.open[this.open.length - 1]?.name;
    if (expected !== qualifiedName) {
      throw new MalformedXmlError(
        expected === undefined ? `</${qualifiedName}> closes no element` : `</${qualifiedName}> where </${expected}> was expected`,
        this.offset(lt),
      );
    }
    this.popElement();
  }

  private popElement(): void {
    this.open.pop();
    if (this.open.length === 0) this.rootClosed = true;
    this.handler.closeElement();
  }
}

/** The UTF-16 code units of a name, for `matchesCodesAt`. */
export function charCodes(name: string): number[] {
  // A plain loop: Array.from with a callback was a third of the time spent on unknown elements.
  const codes = new Array<number>(name.length);
  for (let i = 0; i < name.length; i++) codes[i] = name.charCodeAt(i);
  return codes;
}

/**
 * `s.startsWith(name, at)` for a name given as its character codes: V8 does not inline startsWith,
 * and reading only the document's characters halves the string reads; this runs for every tag.
 */
export function matchesCodesAt(s: string, at: number, codes: readonly number[]): boolean {
  for (let i = 0; i < codes.length; i++) if (s.charCodeAt(at + i) !== codes[i]) return false;
  return true;
}

function localName(qualifiedName: string): string {
  const colon = qualifiedName.indexOf(':');
  return colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
}

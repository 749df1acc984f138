import { InvalidReportError } from '../errors.js';
import type { UnlistedWord } from '../types.js';
import type { EnumValues } from './enums.js';

// Validators take the field name and record index as plain arguments: they run for every value
// of every record, and the message is only built when a value is refused.

function fail(field: string, recordIndex: number | undefined, problem: string): never {
  throw new InvalidReportError(`${field} ${problem}`, field, recordIndex);
}

/** Trimmed text, or null when absent or blank. */
export function optionalText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const text = raw.trim();
  return text === '' ? null : text;
}

export function requiredText(raw: string | undefined, field: string, recordIndex?: number): string {
  return optionalText(raw) ?? fail(field, recordIndex, 'is missing or empty');
}

/** Domains compare case-insensitively; store one spelling. */
export function optionalDomain(raw: string | undefined): string | null {
  return optionalText(raw)?.toLowerCase() ?? null;
}

export function requiredDomain(raw: string | undefined, field: string, recordIndex?: number): string {
  return requiredText(raw, field, recordIndex).toLowerCase();
}

/** The common case, checked first: ASCII letters, digits, `-`, `_` and dots. */
const ASCII_DOMAIN = /^(?=.{1,253}\.?$)[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*\.?$/;
/** Internationalized names written in Unicode (`bücher.example`): letters, marks and digits of any script. */
const UNICODE_DOMAIN = /^(?=.{1,253}\.?$)[\p{L}\p{M}\p{N}_-]{1,63}(?:\.[\p{L}\p{M}\p{N}_-]{1,63})*\.?$/u;

/**
 * A policy domain or header_from that is not a domain name (`<img src=x onerror=...>.com`, a phrase,
 * an address in brackets) is kept as written, as parsedmarc keeps it: refusing it would refuse a
 * report parsedmarc reads, and a forged header_from is evidence worth keeping. It is said in a
 * warning, so it stands out where the report's warnings are shown; every page and API answer
 * treats it as text. Returns `domain`, for use in place.
 */
export function domainKeptAsWritten(domain: string, field: string, warn: (message: string) => void): string {
  if (!ASCII_DOMAIN.test(domain) && !UNICODE_DOMAIN.test(domain)) {
    warn(`${field} ${JSON.stringify(domain.length > 100 ? `${domain.slice(0, 100)}…` : domain)} is not a domain name; kept as written`);
  }
  return domain;
}

/** The value `text` names, in any case; a synonym (`strict` for `s`) with a warning. */
function lookUp<T extends string>(text: string, allowed: EnumValues<T>, field: string, warn: ((message: string) => void) | undefined): T | undefined {
  const word = text.toLowerCase();
  const value = allowed.find(word);
  if (value !== undefined || warn === undefined) return value;
  const synonym = Object.hasOwn(allowed.synonyms, word) ? allowed.synonyms[word] : undefined;
  if (synonym !== undefined) warn(`${field} "${text}" read as "${synonym}"`);
  return synonym;
}

/** `warn` lets synonyms be read (with a warning); without it they are refused like any unknown word. */
export function optionalEnum<T extends string>(raw: string | undefined, allowed: EnumValues<T>, field: string, recordIndex?: number, warn?: (message: string) => void): T | null {
  if (raw === undefined) return null;
  // Nearly every value is already canonical: one lookup instead of trimming and lower-casing.
  const canonical = allowed.find(raw);
  if (canonical !== undefined) return canonical;
  const text = raw.trim();
  if (text === '') return null;
  return lookUp(text, allowed, field, warn) ?? fail(field, recordIndex, `"${text}" is not one of ${allowed.values.join(', ')}`);
}

/**
 * An authentication result: a word outside the list (`unknown`) names no listed result, and
 * mapping it to one (`none`? `neutral`?) would invent a meaning, so it is kept as written
 * (lower-cased, as keywords are compared), with a warning.
 */
export function requiredResult<T extends string>(raw: string | undefined, allowed: EnumValues<T>, field: string, recordIndex: number, warn: (message: string) => void): T | UnlistedWord {
  const canonical = raw === undefined ? undefined : allowed.find(raw);
  if (canonical !== undefined) return canonical;
  const text = requiredText(raw, field, recordIndex);
  const value = lookUp(text, allowed, field, warn);
  if (value !== undefined) return value;
  warn(`${unlistedWord(text, allowed, field, recordIndex)}; kept as written`);
  return text.toLowerCase();
}

/**
 * What to say of `text`, a word outside `allowed`; refuses it when it is no word at all (the stored
 * JSON writes results unescaped, and a phrase or symbol names no keyword).
 */
function unlistedWord(text: string, allowed: EnumValues<string>, field: string, recordIndex: number | undefined): string {
  const problem = `"${text}" is not one of ${allowed.values.join(', ')}`;
  if (!/^[a-z][\w.+-]{0,63}$/i.test(text)) fail(field, recordIndex, problem);
  return `${field} ${problem}`;
}

/**
 * A policy or its outcome (`p`, disposition, the aligned DKIM/SPF results) stated in a word outside
 * RFC 7489's list (`<p>monitor</p>`, `<disposition>bounced</disposition>`): which listed value it
 * means cannot be known, so it is stored as not stated (null), and the warning keeps the word.
 * Anything that is not a word is still refused. Left out or empty, it is not stated either (said
 * by `unstated`). One call for a stated value, as for any field.
 */
export function outcomeOrUnstated<T extends string>(raw: string | undefined, allowed: EnumValues<T>, field: string, recordIndex: number | undefined, warn: (message: string) => void): T | null {
  const canonical = raw === undefined ? undefined : allowed.find(raw);
  if (canonical !== undefined) return canonical;
  const text = raw?.trim() ?? '';
  if (text === '') return unstated(field, warn);
  const value = lookUp(text, allowed, field, warn);
  if (value !== undefined) return value;
  warn(`${unlistedWord(text, allowed, field, recordIndex)}; stored as not stated (null)`);
  return null;
}

/**
 * A value the reporter left out or empty is stored as null (not stated), never guessed, and
 * said: `optionalX(...) ?? unstated(field, warn)`, so that a stated value costs no call.
 */
export function unstated(field: string, warn: (message: string) => void): null {
  warn(`${field} is missing or empty; stored as not stated (null)`);
  return null;
}

/** A non-negative integer that a JavaScript number holds exactly. */
export function requiredCount(raw: string | undefined, field: string, recordIndex?: number): number {
  const text = requiredText(raw, field, recordIndex);
  const start = text.charCodeAt(0) === 43 /* + */ ? 1 : 0;
  let value = start === text.length ? NaN : 0;
  for (let i = start; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      value = NaN;
      break;
    }
    value = value * 10 + digit;
  }
  if (Number.isNaN(value)) return fail(field, recordIndex, `"${text}" is not a non-negative integer`);
  if (!Number.isSafeInteger(value)) return fail(field, recordIndex, `${text} is larger than ${Number.MAX_SAFE_INTEGER}`);
  return value;
}

/**
 * A header number written as a decimal with a zero fraction (`50.0`, `1711756800.000`), as some
 * reporters do and parsedmarc reads: the integer, with a warning. Header fields only: counts run
 * for every record and stay strict.
 */
function integralDecimal(text: string, field: string, warn: ((message: string) => void) | undefined): string {
  const match = warn === undefined ? null : /^\+?(\d+)\.0+$/.exec(text);
  if (match === null) return text;
  warn?.(`${field} "${text}" is written as a decimal; read as ${match[1]}`);
  return match[1]!;
}

export function optionalPercent(raw: string | undefined, field: string, warn?: (message: string) => void): number | null {
  const text = optionalText(raw);
  if (text === null) return null;
  const value = requiredCount(integralDecimal(text, field, warn), field);
  return value <= 100 ? value : fail(field, undefined, `${value} is not a percentage (0-100)`);
}

/** `2024-03-30`, `2024-03-30T00:00:00Z`, `2024-03-30 00:00:00+02:00`: how some reporters write dates. */
const isoDateTime = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Unix seconds as a Date (a JS Date holds ±8.64e15 ms). ISO 8601 text is read too, with a
 * warning; without a zone it is taken as UTC, and the warning says that as well.
 */
export function requiredTimestamp(raw: string | undefined, field: string, warn?: (message: string) => void): Date {
  const text = requiredText(raw, field);
  const iso = warn === undefined ? null : isoDateTime.exec(text);
  if (iso !== null && warn !== undefined) {
    const [, day, time = '00:00:00', zone] = iso;
    const date = new Date(`${day}T${time}${zone === undefined ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone.toUpperCase()}`);
    if (Number.isNaN(date.getTime())) fail(field, undefined, `"${text}" is not a valid date`);
    warn(`${field} "${text}" is ISO 8601 text, not Unix seconds; read as ${date.getTime() / 1000}${zone === undefined ? ' (no time zone given: UTC)' : ''}`);
    return date;
  }
  const seconds = requiredCount(integralDecimal(text, field, warn), field);
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? fail(field, undefined, `${seconds} is not a valid Unix time`) : date;
}

import type { HeaderField } from './failure-report.js';

/** Fields of one feedback part or sample header kept at most; more are dropped with one warning. */
const MAX_FIELDS = 500;
/** Longest field value kept; a longer one is dropped with a warning (never cut: a cut value would read as sent). */
const MAX_FIELD_CHARS = 16 * 1024;

const FIELD_LINE = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:[ \t]*(.*)$/;

/**
 * The `Name: value` fields of an RFC 5322-style block (a message/feedback-report part), folded
 * lines joined, up to the first empty line. Lines that are neither a field nor a continuation are
 * skipped: reporters put stray text in feedback parts.
 */
export function readHeaderFields(text: string, where: string, warn: (message: string) => void): HeaderField[] {
  const fields: HeaderField[] = [];
  let current: { name: string; value: string } | null = null;
  let dropped = 0;
  const flush = () => {
    if (current === null) return;
    const value = current.value.trim();
    if (value.length > MAX_FIELD_CHARS) warn(`${where}: ${current.name} is longer than ${MAX_FIELD_CHARS} characters; it was dropped`);
    else if (fields.length >= MAX_FIELDS) dropped++;
    else fields.push({ name: current.name, value });
    current = null;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (current !== null || fields.length > 0) break;
      continue;
    }
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== null) {
      // Bounded as it grows: a value folded over a million lines stops being kept past the cap.
      if (current.value.length <= MAX_FIELD_CHARS) current.value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const match = FIELD_LINE.exec(line);
    if (match !== null) current = { name: match[1]!, value: match[2]! };
  }
  flush();
  if (dropped > 0) warn(`${where}: ${dropped} fields past the first ${MAX_FIELDS} were dropped`);
  return fields;
}

/** Values of the fields named `name` (case-insensitive), in order. */
export function fieldValues(fields: readonly HeaderField[], name: string): string[] {
  const wanted = name.toLowerCase();
  return fields.filter((field) => field.name.toLowerCase() === wanted).map((field) => field.value);
}

/** The first non-empty value of the field named `name`, or null. */
export function fieldValue(fields: readonly HeaderField[], name: string): string | null {
  return fieldValues(fields, name).find((value) => value !== '') ?? null;
}

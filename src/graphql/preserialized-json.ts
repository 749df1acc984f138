import { randomUUID } from 'node:crypto';

/**
 * A large value that is the same in many answers (a cached heatmap's columns), turned into JSON
 * text once and spliced into every answer that contains it. Formatting the thousands of numbers
 * of a map's columns again on every request would be most of the cached answer's time.
 * The value must not change once wrapped.
 */
export class PreserializedJson {
  private text: string | undefined;

  constructor(readonly value: unknown) {}

  get json(): string {
    return (this.text ??= JSON.stringify(this.value));
  }

  /** Inside stringifyResult: a placeholder for the text. Any other JSON.stringify (WebSocket answers): the value. */
  toJSON(): unknown {
    if (splicing === undefined) return this.value;
    splicing.push(this.json);
    return PLACEHOLDER;
  }
}

const wrappers = new WeakMap<object, PreserializedJson>();

/** The one wrapper of `value`, so its text is computed once for as long as the value lives. */
export function preserialized(value: object, check: (value: object) => void): PreserializedJson {
  let wrapper = wrappers.get(value);
  if (wrapper === undefined) {
    check(value);
    wrapper = new PreserializedJson(value);
    wrappers.set(value, wrapper);
  }
  return wrapper;
}

/** Random per process, so no string in an answer can be taken for it. */
const PLACEHOLDER = `\u0000preserialized:${randomUUID()}`;
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);
/** The texts of the wrappers met by the JSON.stringify call running now (it is synchronous). */
let splicing: string[] | undefined;

/**
 * Apollo's `stringifyResult`: what Apollo does by default (JSON and a newline), with the text of
 * each PreserializedJson spliced in where the value would have been written.
 */
export function stringifyResult(result: unknown): string {
  const texts: string[] = [];
  splicing = texts;
  let json: string;
  try {
    json = `${JSON.stringify(result)}\n`;
  } finally {
    splicing = undefined;
  }
  if (texts.length === 0) return json;
  const parts = json.split(PLACEHOLDER_JSON);
  let spliced = parts[0]!;
  for (let i = 1; i < parts.length; i++) spliced += texts[i - 1]! + parts[i]!;
  return spliced;
}

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** One message of an mbox file. */
export interface MboxMessage {
  /** 1-based position in the file. */
  readonly index: number;
  /** The message; null when it was larger than the cap (its bytes were not kept). */
  readonly bytes: Buffer | null;
  readonly size: number;
}

const FROM_ = Buffer.from('From ');

/** Whether the file starts like an mbox (a `From ` separator line). */
export async function looksLikeMbox(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const head = Buffer.alloc(FROM_.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(FROM_);
  } finally {
    await handle.close();
  }
}

/**
 * The messages of an mbox file (mboxo/mboxrd: a `From ` line after a blank line starts a message;
 * `>From ` lines lose one `>`), streamed: one message in memory at a time, at most `maxMessageBytes`
 * (a larger one is reported with its size and no bytes). A line is never held beyond that cap.
 */
export async function* readMbox(path: string, maxMessageBytes: number): AsyncGenerator<MboxMessage> {
  let index = 0;
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  let inMessage = false;
  let previousBlank = true;
  let partial: Buffer[] = [];
  let partialSize = 0;

  const finish = (): MboxMessage => {
    const message = { index, bytes: oversized ? null : Buffer.concat(parts), size };
    parts = [];
    size = 0;
    oversized = false;
    return message;
  };
  const append = (line: Buffer) => {
    size += line.length;
    if (oversized) return;
    if (size > maxMessageBytes) {
      oversized = true;
      parts = [];
      return;
    }
    parts.push(line);
  };
  /** A whole line (with its \n): a separator, or a line of the current message. */
  const line = function* (text: Buffer): Generator<MboxMessage> {
    const isSeparator = previousBlank && text.subarray(0, FROM_.length).equals(FROM_);
    previousBlank = text.length === 1 || (text.length === 2 && text[0] === 0x0d);
    if (isSeparator) {
      if (inMessage) yield finish();
      inMessage = true;
      index++;
      return;
    }
    if (!inMessage) return;
    append(unescapeFrom(text));
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, newline + 1);
      start = newline + 1;
      if (partial.length === 0) {
        yield* line(piece);
      } else {
        partial.push(piece);
        yield* line(Buffer.concat(partial));
        partial = [];
        partialSize = 0;
      }
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) continue;
    // A line longer than a message may be: counted, not kept.
    partialSize += rest.length;
    if (partialSize > maxMessageBytes) {
      if (inMessage) append(Buffer.concat(partial.concat(rest)));
      partial = [];
      partialSize = 0;
      previousBlank = false;
    } else {
      partial.push(Buffer.from(rest));
    }
  }
  if (partial.length > 0) yield* line(Buffer.concat(partial));
  if (inMessage) yield finish();
}

/** mboxrd quoting: a `>From ` (any number of `>`) line loses one `>`. */
function unescapeFrom(line: Buffer): Buffer {
  if (line[0] !== 0x3e) return line;
  let i = 0;
  while (line[i] === 0x3e) i++;
  return line.subarray(i, i + FROM_.length).equals(FROM_) ? line.subarray(1) : line;
}

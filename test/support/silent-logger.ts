import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging/logger.js';

export interface CapturedLogger {
  readonly logger: Logger;
  /** Every JSON line logged so far, parsed. */
  readonly lines: Record<string, unknown>[];
}

/** A real pino logger whose lines are kept in memory, so tests can assert what was logged. */
export function capturingLogger(level = 'info'): CapturedLogger {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level }, stream), lines };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });

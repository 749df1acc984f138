import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Logger } from '../logging/logger.js';
import { serviceVersion } from '../version.js';

/** Where the full traces of unexpected CLI errors are written, one file per error (as npm keeps its debug logs). */
const errorLogDirectory = join(tmpdir(), 'dmarc-analytics-errors');

/**
 * An error no part of the code expected (a bug, a database in a state nothing planned for): the
 * person at the terminal gets one line with its error id, as a client of the server in production
 * gets one; the full trace, causes included, goes to a file named by that id, and in production
 * also to the log (JSON, where the server's traces go). Returns the line.
 */
export function reportUnexpectedError(error: unknown, logger: Logger | undefined, isProduction: boolean): string {
  const errorId = randomUUID();
  const where = writeTrace(errorId, error);
  if (isProduction) logger?.error({ err: error, errorId }, 'unexpected error');
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim() || 'no message';
  return `dmarc-analytics: unexpected error: ${message} (error id ${errorId}; ${where})\n`;
}

function writeTrace(errorId: string, error: unknown): string {
  const file = join(errorLogDirectory, `${new Date().toISOString().replaceAll(':', '-')}-${errorId}.log`);
  try {
    mkdirSync(errorLogDirectory, { recursive: true, mode: 0o700 });
    // inspect() prints the stack and every `cause` beneath it.
    const trace = `error id ${errorId}\ncommand: ${process.argv.slice(2).join(' ')}\nversion ${serviceVersion}, Node ${process.version}\n\n${inspect(error, { depth: 6 })}\n`;
    writeFileSync(file, trace, { mode: 0o600 });
    return `full trace in ${file}`;
  } catch (writeError) {
    return `the full trace could not be written to ${file}: ${(writeError as Error).message}`;
  }
}

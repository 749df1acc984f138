import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import { serviceName, serviceVersion } from '../version.js';

export type { Logger };

/** `auto`: readable lines on a terminal, JSON lines everywhere else (files, pipes, log shippers). */
export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  readonly level: string;
  /** Absent = json. The config resolves LOG_FORMAT, and production is always json. */
  readonly format?: LogFormat;
}

const require = createRequire(import.meta.url);

/**
 * The one logger of the service: JSON lines on stdout (or `destination`), secrets redacted. For a
 * person at a terminal in development, the same records are printed by pino-pretty instead.
 */
export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): Logger {
  const target = destination ?? process.stdout;
  return pino(
    {
      level: options.level,
      base: { service: serviceName, version: serviceVersion },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password'],
        censor: '[redacted]',
      },
    },
    wantsPretty(options.format, target) ? prettyStream(target) : destination,
  );
}

function wantsPretty(format: LogFormat | undefined, target: pino.DestinationStream): boolean {
  if (format === 'pretty') return true;
  return format === 'auto' && (target as { isTTY?: boolean }).isTTY === true;
}

/**
 * pino-pretty as a synchronous stream in this thread (not a worker transport), so the last lines
 * before a CLI command exits are never lost. Loaded only when used.
 */
function prettyStream(target: pino.DestinationStream): pino.DestinationStream {
  const pretty = require('pino-pretty') as (options: PrettyOptions) => pino.DestinationStream;
  return pretty({
    destination: target as NodeJS.WritableStream,
    sync: true,
    colorize: (target as { isTTY?: boolean }).isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,version',
    singleLine: true,
  });
}

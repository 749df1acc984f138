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
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password', 'req.url'],
        // Runs after the serializers (fastify's `req` one included), on each path above.
        censor: (value: unknown, path: string[]) => (path.at(-1) === 'url' && typeof value === 'string' ? withoutQueryValues(value) : REDACTED),
      },
    },
    wantsPretty(options.format, target) ? prettyStream(target) : destination,
  );
}

const REDACTED = '[redacted]';
const PARAMETER_NAME = /^[\w.[\]-]{1,64}$/;

/**
 * A request URL as logged: the path, and of its query only the parameter names (`/reports?filename=[redacted]`).
 * A `?token=` or `?key=` in a URL must not reach a log; the names still say what was sent. A
 * parameter without `=`, or whose name does not look like one, is left out whole.
 */
export function withoutQueryValues(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const parameters = url
    .slice(query + 1)
    .split('&')
    .filter((parameter) => parameter !== '')
    .map((parameter) => {
      const equals = parameter.indexOf('=');
      const name = equals === -1 ? '' : parameter.slice(0, equals);
      return PARAMETER_NAME.test(name) ? `${name}=${REDACTED}` : REDACTED;
    });
  return `${url.slice(0, query)}?${parameters.join('&')}`;
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

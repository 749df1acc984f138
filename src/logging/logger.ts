import { pino, type Logger } from 'pino';
import { serviceName, serviceVersion } from '../version.js';

export type { Logger };

/** The one logger of the service: JSON lines on stdout, secrets redacted. */
export function createLogger(options: { level: string }, destination?: pino.DestinationStream): Logger {
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
    destination,
  );
}

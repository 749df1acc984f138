import { loadConfig, type Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { reportUnexpectedError } from './unexpected-error.js';

export interface RunCommandOptions {
  /**
   * Where the logs go: stderr (the default) keeps stdout for what the command prints (a list, a
   * summary, credentials); the long-running `serve` and `worker` print nothing else and log to stdout.
   */
  readonly logTo?: 'stdout' | 'stderr';
}

/**
 * Runs a command body with config and logger, and turns failures into a message on stderr and
 * the error's exit code: our own errors say what is wrong and what to do; anything unexpected is
 * one line with an error id, never a stack trace (see unexpected-error.ts).
 */
export async function runCommand(body: (config: Config, logger: Logger) => Promise<number | void>, options: RunCommandOptions = {}): Promise<void> {
  let config: Config | undefined;
  let logger: Logger | undefined;
  try {
    config = loadConfig();
    logger = createLogger(config.log, options.logTo === 'stdout' ? undefined : process.stderr);
    const code = await body(config, logger);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`dmarc-analytics: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(reportUnexpectedError(error, logger, config?.isProduction ?? process.env.NODE_ENV === 'production'));
      process.exitCode = 1;
    }
  }
}

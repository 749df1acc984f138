import { loadConfig, type Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { createLogger, type Logger } from '../logging/logger.js';

/**
 * Runs a command body with config and logger, and turns failures into a message on stderr and
 * the error's exit code. Stack traces only outside production.
 */
export async function runCommand(body: (config: Config, logger: Logger) => Promise<number | void>): Promise<void> {
  let config: Config | undefined;
  try {
    config = loadConfig();
    const logger = createLogger(config.log);
    const code = await body(config, logger);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`dmarc-analytics: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      const showStack = config ? !config.isProduction : true;
      process.stderr.write(`dmarc-analytics: unexpected error: ${showStack && error instanceof Error ? error.stack : String((error as Error)?.message ?? error)}\n`);
      process.exitCode = 1;
    }
  }
}

import type { Logger } from '../logging/logger.js';

/** A Ctrl-C under `npm start` arrives twice (terminal and npm): only a later one means "hurry". */
const REPEAT_WINDOW_MS = 1_000;

/**
 * SIGTERM/SIGINT stop the application gracefully within `timeoutMs`; a second signal (more than
 * a second after the first), or the timeout, exits at once with status 1.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, timeoutMs: number): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt !== undefined) {
      if (Date.now() - firstSignalAt < REPEAT_WINDOW_MS) return;
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    firstSignalAt = Date.now();
    logger.info({ signal, timeoutMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'graceful shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stop().then(
      () => {
        clearTimeout(timer);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

import type { Logger } from '../logging/logger.js';
import type { ConcernModule, ProcessRole } from './concern-module.js';

/** Starts the modules in order. */
export function startModules(modules: readonly ConcernModule[], role: ProcessRole): void {
  for (const module of modules) module.start?.(role);
}

/** Stops the modules in reverse order, one at a time; a failing stop is logged and the next one still runs. */
export async function stopModules(modules: readonly ConcernModule[], logger: Logger): Promise<void> {
  for (const module of [...modules].reverse()) {
    if (module.stop) await step(module.name, () => module.stop!(), logger);
  }
}

/** One step of a shutdown: timed, and logged instead of thrown when it fails. */
export async function step(name: string, action: () => Promise<unknown>, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    await action();
    logger.debug({ step: name, ms: Date.now() - started }, 'stop step done');
  } catch (error) {
    logger.error({ err: error, step: name }, 'error while stopping');
  }
}

import type { ConcernContext, ConcernModule } from '../lifecycle/concern-module.js';
import { QuarantineStore } from './quarantine-store.js';

/** The quarantine of refused files (refused_reports), capped by QUARANTINE_MAX_BYTES. */
export function quarantineModule(context: ConcernContext): ConcernModule<{ quarantine: QuarantineStore }> {
  return { name: 'quarantine', provides: { quarantine: new QuarantineStore(context.em, context.logger, context.config.quarantine.maxBytes) } };
}

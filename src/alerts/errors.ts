import { AppError } from '../errors/app-error.js';
import type { AlertState } from './alert-views.js';

/** acknowledge/resolve/suppress on an alert whose state does not allow it (e.g. resolving a resolved alert). */
export class AlertStateConflictError extends AppError {
  readonly code = 'ALERT_STATE_CONFLICT';

  constructor(
    readonly alertId: string,
    readonly state: AlertState,
    readonly target: AlertState,
  ) {
    super(`alert ${alertId} is ${state}: it cannot become ${target}`);
  }
}

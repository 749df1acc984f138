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

/** A suppression rule for a block wider than BROADEST_UNCONFIRMED_PREFIX, without `allowBroad: true`. */
export class SuppressionRuleTooBroadError extends AppError {
  readonly code = 'SUPPRESSION_RULE_TOO_BROAD';

  constructor(
    readonly cidr: string,
    readonly broadestPrefix: number,
  ) {
    const everything = cidr.endsWith('/0');
    super(
      `cidr ${cidr} is wider than /${broadestPrefix}: the rule would silence future alerts from ${everything ? 'every address of its family' : 'a very large range of addresses'}; ` +
        'if that is meant, repeat with allowBroad: true',
    );
  }
}

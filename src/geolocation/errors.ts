import { AppError, BadUserInputError } from '../errors/app-error.js';

/** Which of the two MaxMind files a geolocation problem is about. */
export type GeoipDatabaseRole = 'city' | 'asn';

/**
 * A lookup needed a GeoIP database that is missing, unreadable or corrupt. The server keeps
 * running (reserved addresses are still answered); readiness reports the same state.
 */
export class GeoipUnavailableError extends AppError {
  readonly code = 'GEOIP_UNAVAILABLE';

  constructor(
    readonly role: GeoipDatabaseRole,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Text that is not an IPv4 or IPv6 address; `inputs` names every offending value of a batch. */
export class InvalidIpAddressError extends BadUserInputError {
  constructor(readonly inputs: readonly string[]) {
    super(InvalidIpAddressError.describe(inputs));
  }

  private static describe(inputs: readonly string[]): string {
    const shown = inputs.slice(0, 5).map((input) => JSON.stringify(input)).join(', ');
    const more = inputs.length > 5 ? ` and ${inputs.length - 5} more` : '';
    return inputs.length === 1 ? `Not a valid IP address: ${shown}` : `Not valid IP addresses: ${shown}${more}`;
  }
}

import type { Principal } from './principal.js';

/**
 * A principal's credentials stopped meaning what they meant: sessions on it should end. The
 * payload of the `credentialChanged` event (src/events), emitted by the users and API key services.
 */
export interface CredentialChange {
  readonly kind: Principal['kind'];
  readonly id: string;
  /** Short, for a WebSocket close reason and the logs: "role changed", "API key revoked". */
  readonly reason: string;
}

import type { Principal } from './principal.js';

/** A principal's credentials stopped meaning what they meant: sessions on it should end. */
export interface CredentialChange {
  readonly kind: Principal['kind'];
  readonly id: string;
  /** Short, for a WebSocket close reason and the logs: "role changed", "API key revoked". */
  readonly reason: string;
}

export type CredentialChangeListener = (change: CredentialChange) => void;

/**
 * In-process notices from the users and API key services to whatever holds long-lived sessions
 * (open WebSockets). Other instances do not hear them: they re-check credentials on their own.
 */
export class CredentialEvents {
  private readonly listeners = new Set<CredentialChangeListener>();

  /** Returns the function that stops listening. */
  on(listener: CredentialChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: CredentialChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

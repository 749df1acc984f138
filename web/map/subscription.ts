import { createClient, type Client } from 'graphql-ws';
import { ALERT_FIELDS } from './queries.js';
import type { MapAlert } from './alerts.js';

/**
 * The map's one subscription: every new alert about the chosen domain (or any), pushed over a
 * WebSocket (graphql-ws protocol) on the same /graphql path. The server filters before it sends.
 * The credential travels once, in connection_init, as it would in a header.
 */
const ALERT_RAISED = /* GraphQL */ `
  subscription AlertRaised($domains: [String!]) {
    alertRaised(filter: { domains: $domains }) { ...MapAlert }
  }
  ${ALERT_FIELDS}`;

export interface LiveAlerts {
  close(): void;
}

export function subscribeToAlerts(
  token: string,
  domain: string | null,
  handlers: { onAlert: (alert: MapAlert) => void; onStatus: (status: 'live' | 'reconnecting' | 'unavailable', detail?: string) => void },
): LiveAlerts {
  // A refusal (no such subscription, no permission) is final: the socket closing after it is not an outage.
  let refused = false;
  // Once closed (signed out, another domain chosen), this client's late events say nothing.
  let closed = false;
  const quiet = () => refused || closed;
  const client: Client = createClient({
    url: new URL('/graphql', location.href).toString().replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    on: {
      connected: () => quiet() || handlers.onStatus('live'),
      closed: () => quiet() || handlers.onStatus('reconnecting'),
    },
  });
  const unsubscribe = client.subscribe<{ alertRaised: MapAlert }>(
    { query: ALERT_RAISED, variables: { domains: domain === null ? null : [domain] } },
    {
      next: (result) => {
        if (closed) return;
        if (result.data?.alertRaised) handlers.onAlert(result.data.alertRaised);
        else if (result.errors?.length) handlers.onStatus('unavailable', result.errors[0]!.message);
      },
      error: (error) => {
        if (closed) return;
        refused = true;
        handlers.onStatus('unavailable', describe(error));
      },
      complete: () => {},
    },
  );
  return {
    close() {
      closed = true;
      unsubscribe();
      void client.dispose();
    },
  };
}

/** graphql-ws reports a refused operation as an array of GraphQL errors, a lost socket as an event. */
function describe(error: unknown): string {
  if (Array.isArray(error)) return (error[0] as { message?: string } | undefined)?.message ?? 'subscription refused';
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'reason' in error) return String((error as CloseEvent).reason || 'connection closed');
  return 'subscription refused';
}

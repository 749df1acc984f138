import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveSubscription<T> {
  /** Every `next` payload's data, in arrival order. */
  readonly received: T[];
  readonly errors: unknown[];
  /** Resolves when `predicate` holds for what was received (checked on every arrival), or rejects after `ms`. */
  waitFor(predicate: (received: T[]) => boolean, ms?: number): Promise<T[]>;
  dispose(): Promise<void>;
}

/** A graphql-ws client over a real WebSocket, as a browser dashboard would open it. */
export function connectLive(baseUrl: string, connectionParams: Record<string, unknown>): Client {
  return createClient({ url: `${baseUrl.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, lazy: false, retryAttempts: 0, onNonLazyError: () => {} });
}

export function subscribe<T>(client: Client, query: string, variables?: Record<string, unknown>): LiveSubscription<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const dispose = client.subscribe<T>(
    { query, ...(variables ? { variables } : {}) },
    {
      next: (value) => {
        if (value.errors) errors.push(value.errors);
        if (value.data) received.push(value.data as T);
        for (const wake of [...waiters]) wake();
      },
      error: (error) => {
        errors.push(error);
        for (const wake of [...waiters]) wake();
      },
      complete: () => {},
    },
  );
  return {
    received,
    errors,
    waitFor(predicate, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${ms} ms; received ${JSON.stringify(received).slice(0, 500)}; errors ${JSON.stringify(errors)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    async dispose() {
      dispose();
    },
  };
}

/** Polls `condition` every 20 ms until it holds (or fails after `ms`). */
export async function eventually(condition: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves once every event `hub` has received so far has reached `client`: the hub has handed it
 * to the sinks, and an answer asked for over the same socket afterwards has come back behind its
 * frames. What has not arrived by then was never sent: how a test shows that nothing (more) came.
 */
export async function allDelivered(hub: { whenDelivered(): Promise<void> }, client: Client): Promise<void> {
  await hub.whenDelivered();
  await new Promise<void>((resolve, reject) => {
    client.subscribe({ query: '{ me { role } }' }, { next: () => {}, error: reject, complete: resolve });
  });
}

export const ALERT_FIELDS = 'id kind state score sourceIp domains geolocation { countryCode asn } reasons modelId messageCount firstSeenAt lastSeenAt createdAt stateChangedAt stateChangedBy comment';

import type { FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestApp } from './test-app.js';

export type ExecutionResult = FormattedExecutionResult<Record<string, unknown>, unknown>;

export interface CloseEventLike {
  readonly code: number;
  readonly reason: string;
}

/** A graphql-ws client on the test app's /graphql, connected at once, that never retries. */
export function connect(
  t: Pick<TestApp, 'app'>,
  connectionParams?: Record<string, unknown>,
  options: { localAddress?: string } = {},
): { client: Client; closed: Promise<CloseEventLike> } {
  // ws takes the local address (another loopback IP, another client) as a constructor option.
  const { localAddress } = options;
  const impl = localAddress
    ? class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { localAddress });
        }
      }
    : WebSocket;
  const client = createClient({
    url: `${t.app.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: impl,
    ...(connectionParams ? { connectionParams } : {}),
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => {},
  });
  const closed = new Promise<CloseEventLike>((resolve) => client.on('closed', (event) => resolve(event as CloseEventLike)));
  return { client, closed };
}

/** Runs one operation; refusals before execution (graphql-ws `error` messages) resolve as `{ errors }`. */
export function run(client: Client, query: string, variables?: Record<string, unknown>): Promise<ExecutionResult> {
  return new Promise((resolve, reject) => {
    let result: ExecutionResult | undefined;
    client.subscribe(
      { query, ...(variables ? { variables } : {}) },
      {
        next: (value) => (result = value),
        // Anything else (the socket closing) rejects with what graphql-ws gives: a CloseEvent or an Error.
        error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error as Error)),
        complete: () => resolve(result!),
      },
    );
  });
}

/** The first error's `extensions.code`, or 'ok' when there was none. */
export function codeOf(result: ExecutionResult): string {
  return (result.errors?.[0]?.extensions?.code as string | undefined) ?? 'ok';
}

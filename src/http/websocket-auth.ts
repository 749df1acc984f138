import type { GraphQLError } from 'graphql';
import { authenticateRequest, type CredentialVerifiers, type RequestHeaders } from '../auth/authenticate-request.js';
import { CREDENTIALS_UNAVAILABLE_MESSAGE, UnauthenticatedError } from '../auth/errors.js';
import type { Principal } from '../auth/principal.js';
import { graphQLErrorFor } from '../errors/graphql-error.js';
import type { Logger } from '../logging/logger.js';
import type { CredentialChange } from '../auth/credential-change.js';
import { SharedCredentialChecks } from './shared-credential-checks.js';
import { keyOf, WebSocketSessions, type ClosableSocket } from './websocket-sessions.js';

/**
 * The credential of a graphql-ws `connection_init` payload, as the headers authenticateRequest
 * reads: `{ authorization: 'Bearer …' }`, `{ token }` (a session token) or `{ apiKey }`.
 */
function credentialHeaders(params: Readonly<Record<string, unknown>> | undefined): RequestHeaders {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const authorization = text(params?.authorization) ?? text(params?.Authorization);
  const token = text(params?.token);
  const apiKey = text(params?.apiKey);
  return {
    authorization: authorization ?? (token !== undefined ? `Bearer ${token}` : undefined),
    'x-api-key': apiKey,
  };
}

/**
 * Authenticates WebSocket connections, caps how many each principal holds open, and keeps each
 * one only as long as its credential is good (see WebSocketSessions). A connection without a valid
 * credential is refused (graphql-ws closes it with 4403 Forbidden): an anonymous socket could do
 * nothing anyway, and would only hold server resources.
 */
export class WebSocketGatekeeper {
  readonly sessions: WebSocketSessions;
  readonly #rechecks: SharedCredentialChecks;

  constructor(
    private readonly verifiers: CredentialVerifiers,
    private readonly maxConnectionsPerPrincipal: number,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.sessions = new WebSocketSessions(logger, now);
    this.#rechecks = new SharedCredentialChecks(now);
  }

  /** A role, password or API key changed (here or on another instance): its sockets end, and no earlier re-check answer is reused. */
  credentialChanged(change: CredentialChange): void {
    this.#rechecks.forgetAll();
    this.sessions.revoke(change);
  }

  /** The principal to attach to the connection, or null to refuse it. */
  async admit(socket: ClosableSocket, params: Readonly<Record<string, unknown>> | undefined, clientIp: string): Promise<Principal | null> {
    let principal: Principal | null;
    try {
      principal = await authenticateRequest(credentialHeaders(params), this.verifiers);
    } catch (error) {
      this.logger.warn({ clientIp, reason: error instanceof Error ? error.message : String(error) }, 'WebSocket connection refused: invalid credential');
      return null;
    }
    if (!principal) {
      this.logger.info({ clientIp }, 'WebSocket connection refused: no credential');
      return null;
    }
    const open = this.sessions.countOf(principal);
    if (open >= this.maxConnectionsPerPrincipal) {
      this.logger.warn({ clientIp, principal: keyOf(principal), open }, 'WebSocket connection refused: too many connections for this principal');
      return null;
    }
    return this.sessions.add(socket, principal) ? principal : null;
  }

  /**
   * Checks the connection's credential again before an operation starts: a revocation in another
   * instance, or one this process missed, ends the session here. The check is shared by every
   * operation of the same credential for a second (SharedCredentialChecks), so a burst of
   * operations costs one database read. Undefined when the operation may run; otherwise the errors
   * to answer it with (the socket is closed too when the credential is no longer good).
   */
  async recheck(socket: ClosableSocket, params: Readonly<Record<string, unknown>> | undefined, admitted: Principal | undefined): Promise<GraphQLError[] | undefined> {
    // graphql-ws takes operations only on acknowledged sockets, which admit() gave a principal.
    if (!admitted) return [graphQLErrorFor('UNAUTHENTICATED', 'Not authenticated', { http: false })];
    let current: Principal | null;
    try {
      const headers = credentialHeaders(params);
      const credential = `${headers.authorization ?? ''}\u0000${headers['x-api-key'] ?? ''}`;
      current = await this.#rechecks.principalOf(credential, () => authenticateRequest(headers, this.verifiers));
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) {
        this.logger.error({ err: error }, 'cannot re-check the credential of a WebSocket');
        return [graphQLErrorFor('DEPENDENCY_UNAVAILABLE', CREDENTIALS_UNAVAILABLE_MESSAGE, { http: false })];
      }
      return this.refuse(socket, admitted, `Credential no longer valid: ${error.message}`);
    }
    if (!current || current.role !== admitted.role) return this.refuse(socket, admitted, 'Credential revoked: role changed');
    return undefined;
  }

  /** Called once for every admitted connection when it closes. */
  release(socket: ClosableSocket): void {
    this.sessions.remove(socket);
  }

  private refuse(socket: ClosableSocket, principal: Principal, reason: string): GraphQLError[] {
    this.logger.info({ principal: keyOf(principal), reason }, 'WebSocket session ended at subscribe');
    this.sessions.end(socket, reason);
    return [graphQLErrorFor('UNAUTHENTICATED', reason, { http: false })];
  }
}

/** graphql-ws counts the operation being started in `subscriptions` already. */
export function tooManyOperations(running: number, max: number): GraphQLError[] | undefined {
  if (running <= max) return undefined;
  return [graphQLErrorFor('TOO_MANY_OPERATIONS', `Too many operations on this connection (at most ${max} at once)`, { http: false })];
}

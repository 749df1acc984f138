import { GraphQLError } from 'graphql';
import { authenticateRequest, type CredentialVerifiers, type RequestHeaders } from '../auth/authenticate-request.js';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger.js';

/**
 * The credential of a graphql-ws `connection_init` payload, as the headers authenticateRequest
 * reads: `{ authorization: 'Bearer …' }`, `{ token }` (a session token) or `{ apiKey }`.
 */
export function credentialHeaders(params: Readonly<Record<string, unknown>> | undefined): RequestHeaders {
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
 * Authenticates WebSocket connections and caps how many each principal holds open. A connection
 * without a valid credential is refused (graphql-ws closes it with 4403 Forbidden): an anonymous
 * socket could do nothing anyway, and would only hold server resources.
 */
export class WebSocketGatekeeper {
  private readonly openPerPrincipal = new Map<string, number>();

  constructor(
    private readonly verifiers: CredentialVerifiers,
    private readonly maxConnectionsPerPrincipal: number,
    private readonly logger: Logger,
  ) {}

  /** The principal to attach to the connection, or null to refuse it. */
  async admit(params: Readonly<Record<string, unknown>> | undefined, clientIp: string): Promise<Principal | null> {
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
    const key = keyOf(principal);
    const open = this.openPerPrincipal.get(key) ?? 0;
    if (open >= this.maxConnectionsPerPrincipal) {
      this.logger.warn({ clientIp, principal: key, open }, 'WebSocket connection refused: too many connections for this principal');
      return null;
    }
    this.openPerPrincipal.set(key, open + 1);
    return principal;
  }

  /** Called once for every admitted connection when it closes. */
  release(principal: Principal): void {
    const key = keyOf(principal);
    const open = (this.openPerPrincipal.get(key) ?? 1) - 1;
    if (open > 0) this.openPerPrincipal.set(key, open);
    else this.openPerPrincipal.delete(key);
  }
}

/** graphql-ws counts the operation being started in `subscriptions` already. */
export function tooManyOperations(running: number, max: number): GraphQLError[] | undefined {
  if (running <= max) return undefined;
  return [new GraphQLError(`Too many operations on this connection (at most ${max} at once)`, { extensions: { code: 'TOO_MANY_OPERATIONS' } })];
}

function keyOf(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

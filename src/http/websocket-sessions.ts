import type { CredentialChange } from '../auth/credential-change.js';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger.js';

/** graphql-ws CloseCode.Forbidden: the client treats it as final and does not reconnect by itself. */
const FORBIDDEN_CLOSE_CODE = 4403;

/** What a session needs of its socket (a `ws` WebSocket). */
export interface ClosableSocket {
  /** 1 while open (WebSocket.OPEN). */
  readonly readyState: number;
  close(code: number, reason: string): void;
}

const OPEN = 1;

interface Session {
  readonly socket: ClosableSocket;
  readonly key: string;
  timer: NodeJS.Timeout | undefined;
}

/** setTimeout fires at once for delays above 2^31 - 1 ms (~24.8 days): longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The open WebSocket sessions, by principal. The credential is checked at connect; a socket lives
 * on, so it is closed (4403) when its credential expires (a timer at the token's exp or the key's
 * expiry) and when the principal's role, password or API key changes in this process
 * (the `credentialChanged` event); other instances hear of it through the event bus. A change no instance
 * announced is seen at the socket's next `subscribe`, where the credential is checked again (within
 * CREDENTIAL_RECHECK_TTL_MS), or at expiry.
 */
export class WebSocketSessions {
  private readonly byPrincipal = new Map<string, Set<Session>>();
  private readonly bySocket = new Map<ClosableSocket, Session>();

  constructor(
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sessions open for `principal` now. */
  countOf(principal: Principal): number {
    return this.byPrincipal.get(keyOf(principal))?.size ?? 0;
  }

  /** False when the socket closed already (while its credential was being checked): nothing to track. */
  add(socket: ClosableSocket, principal: Principal): boolean {
    if (socket.readyState !== OPEN) return false;
    const session: Session = { socket, key: keyOf(principal), timer: undefined };
    this.bySocket.set(socket, session);
    const sessions = this.byPrincipal.get(session.key) ?? new Set<Session>();
    sessions.add(session);
    this.byPrincipal.set(session.key, sessions);
    if (principal.expiresAt) this.endAt(session, principal.expiresAt.getTime());
    return true;
  }

  /** Called once for every added socket when it closes, whoever closed it. */
  remove(socket: ClosableSocket): void {
    const session = this.bySocket.get(socket);
    if (!session) return;
    clearTimeout(session.timer);
    this.bySocket.delete(socket);
    const sessions = this.byPrincipal.get(session.key);
    sessions?.delete(session);
    if (sessions?.size === 0) this.byPrincipal.delete(session.key);
  }

  /** Closes every session of the principal the change is about. */
  revoke(change: CredentialChange): void {
    const key = `${change.kind}:${change.id}`;
    const sessions = [...(this.byPrincipal.get(key) ?? [])];
    if (sessions.length === 0) return;
    this.logger.info({ principal: key, reason: change.reason, sockets: sessions.length }, 'WebSocket sessions ended: credential changed');
    for (const session of sessions) this.end(session.socket, `Credential revoked: ${change.reason}`);
  }

  /** Closes one socket with 4403 and `reason` (at most 123 bytes, the WebSocket limit). */
  end(socket: ClosableSocket, reason: string): void {
    const session = this.bySocket.get(socket);
    if (session) clearTimeout(session.timer);
    socket.close(FORBIDDEN_CLOSE_CODE, reason.slice(0, 123));
  }

  /** Stops the expiry timers (the sockets themselves are closed by the server's shutdown). */
  dispose(): void {
    for (const session of this.bySocket.values()) clearTimeout(session.timer);
  }

  private endAt(session: Session, atMs: number): void {
    const delay = atMs - this.now();
    if (delay <= 0) {
      this.logger.info({ principal: session.key }, 'WebSocket session ended: credential expired');
      this.end(session.socket, 'Credential expired');
      return;
    }
    session.timer = setTimeout(() => this.endAt(session, atMs), Math.min(delay, MAX_TIMER_MS));
    session.timer.unref();
  }
}

export function keyOf(principal: Principal): string {
  return `${principal.kind}:${principal.id}`;
}

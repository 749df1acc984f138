import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { createSourceEventStream, getOperationAST, type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { CredentialChange } from '../auth/credential-change.js';
import type { Config } from '../config/config.js';
import type { Principal } from '../auth/principal.js';
import type { Services } from '../app/services.js';
import type { GraphQLContext } from '../graphql/context.js';
import { formatWebSocketErrors, type ErrorFormatter } from '../graphql/format-error.js';
import type { OperationPipeline } from '../graphql/pipeline/operation-pipeline.js';
import type { Logger } from '../logging/logger.js';
import { TOPICS } from '../pubsub/index.js';
import type { SubscriptionSink } from '../subscriptions/subscription-sink.js';
import type { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import { FrameBatch, NextFrames } from './subscription-frames.js';
import { tooManyOperations, WebSocketGatekeeper } from './websocket-auth.js';
import type { ClientAddress } from './client-address.js';
import { WebSocketUpgradeGate } from './websocket-upgrade-gate.js';

/** Close code for a client that does not read what it is sent (1013 Try Again Later). */
const SLOW_CONSUMER_CLOSE_CODE = 1013;

interface Options {
  readonly server: Server;
  readonly path: string;
  readonly schema: GraphQLSchema;
  readonly services: Services;
  readonly logger: Logger;
  readonly pipeline: OperationPipeline;
  readonly formatError: ErrorFormatter;
  /** The per-IP HTTP rate limit: every upgrade is one request. */
  readonly ipGate: RateLimitGate;
  /** Who the client is (TRUST_PROXY): the key of the per-IP limits, and what logs and lockouts record. */
  readonly clientAddress: ClientAddress;
}

interface SocketExtra {
  readonly socket: WebSocket;
  /** The TCP connection under `socket`: subscription results are written to it as ready-made frames. */
  readonly connection: Duplex;
  /** Made at the first subscription result, not for idle sockets. */
  frames?: FrameBatch;
  readonly request: IncomingMessage;
  readonly socketId: string;
  readonly clientIp: string;
  principal?: Principal;
  /** When each operation of the socket was received, until it has started (metrics). */
  readonly operationsStarting: Map<string, number>;
}

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the HTTP server's `path`, with every bound a
 * socket needs:
 * - upgrades count against the per-IP rate limit and the per-IP socket cap (WebSocketUpgradeGate);
 * - a message larger than GRAPHQL_BODY_LIMIT_BYTES closes the socket with 1009 as soon as its
 *   frame header announces the size (ws `maxPayload`), before any of it is buffered;
 * - the credential comes in connection_init and is checked again for every operation
 *   (WebSocketGatekeeper; one shared database read per credential and second); every operation
 *   goes through the operation pipeline, as over HTTP;
 * - heartbeats: the server pings every GRAPHQL_WS_KEEPALIVE_MS and closes a peer that has not
 *   answered the previous ping;
 * - a slow consumer, whose unsent data exceeds GRAPHQL_WS_MAX_BUFFERED_BYTES, is closed with 1013
 *   instead of being buffered for without bound;
 * - on shutdown every socket is closed with 1001 Going Away.
 * graphql-ws's own `useServer` does the wiring part of this; it is done here to add the bounds.
 */
export function serveGraphQLOverWebSocket(options: Options): { dispose(): Promise<void> } {
  const server = new GraphQLWebSocketServer(options);
  options.server.on('upgrade', server.onUpgrade);
  return {
    async dispose() {
      options.server.off('upgrade', server.onUpgrade);
      await server.dispose();
    },
  };
}

/**
 * The steps of a socket's life, in order: `onUpgrade` (path, rate limit, per-IP cap, handshake),
 * `#open` (heartbeat, graphql-ws session), then the graphql-ws hooks of `#protocol`: admit the
 * credential (connection_init), prepare each operation through the pipeline (`subscribe`), give it
 * a context whose sink writes subscription results as frames (`#contextOf`, `#sinkOf`), and release
 * the session on close. Credential changes end sessions (`#credentialChanged`).
 */
class GraphQLWebSocketServer {
  readonly #options: Options;
  readonly #limits: Config['graphql']['websocket'];
  readonly #logger: Logger;
  readonly #gatekeeper: WebSocketGatekeeper;
  readonly #upgrades: WebSocketUpgradeGate;
  // No permessage-deflate (ws' default, stated so it stays): subscription-frames.ts writes
  // ready-made frames under ws, which compression on the same socket would garble.
  readonly #wss: WebSocketServer;
  readonly #protocol: ReturnType<typeof makeServer<Record<string, unknown>, SocketExtra>>;
  /** Subscription results framed once per result and operation id, for every socket. */
  readonly #nextFrames = new NextFrames();
  readonly #stopHearingChanges: () => Promise<void>;

  constructor(options: Options) {
    const { config } = options.services;
    this.#options = options;
    this.#limits = config.graphql.websocket;
    this.#logger = options.logger.child({ transport: 'ws' });
    const { clock } = options.services;
    this.#gatekeeper = new WebSocketGatekeeper(options.services.auth, this.#limits.maxConnectionsPerPrincipal, this.#logger, () => clock().getTime());
    this.#upgrades = new WebSocketUpgradeGate(options.ipGate, this.#limits.maxConnectionsPerIp, this.#logger, options.clientAddress);
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: config.graphql.bodyLimitBytes, handleProtocols, perMessageDeflate: false });
    this.#protocol = this.#graphqlWs();
    this.#stopHearingChanges = this.#hearCredentialChanges();
  }

  /** Step 1, the HTTP upgrade: only on the GraphQL path, and only what the upgrade gate admits. */
  readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node takes its own listeners off an upgraded socket; an error before ws adds its own must not crash.
    socket.on('error', () => socket.destroy());
    if (pathOf(request.url) !== this.#options.path) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n', () => socket.destroy());
      return;
    }
    const clientIp = this.#options.clientAddress.of(request);
    this.#upgrades.admit(request, socket).then(
      (admitted) => {
        if (!admitted) return;
        socket.once('close', () => this.#upgrades.released(clientIp));
        this.#wss.handleUpgrade(request, socket, head, (ws) => this.#open(ws, socket, request, clientIp));
      },
      (error: unknown) => {
        this.#logger.error({ err: error, clientIp }, 'cannot admit a WebSocket upgrade');
        socket.destroy();
      },
    );
  };

  /** Step 2, an open socket: heartbeats, and a graphql-ws session reading its messages. */
  #open(socket: WebSocket, connection: Duplex, request: IncomingMessage, clientIp: string): void {
    const logger = this.#logger;
    const { metrics } = this.#options.services;
    metrics.websocketOpened();
    // ws closes the socket itself on protocol errors (1009 for a message over maxPayload, 1002…).
    socket.on('error', (error) => logger.info({ clientIp, reason: error.message }, 'WebSocket closed on a protocol error'));
    const stopHeartbeat = heartbeat(socket, this.#limits.keepAliveMs);
    const closed = this.#protocol.opened(
      {
        protocol: socket.protocol,
        send: (data) => this.#sendProtocolMessage(socket, clientIp, data),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.error({ err: error, clientIp }, 'unexpected error handling a WebSocket message');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      { socket, connection, request, socketId: randomUUID(), clientIp, operationsStarting: new Map() },
    );
    socket.once('close', (code, reason) => {
      metrics.websocketClosed();
      stopHeartbeat();
      void closed(code, reason.toString());
    });
  }

  /** Step 3, the graphql-ws protocol: admit, prepare each operation, format errors, release. */
  #graphqlWs() {
    const { schema, pipeline, formatError } = this.#options;
    const gatekeeper = this.#gatekeeper;
    return makeServer<Record<string, unknown>, SocketExtra>({
      schema,
      // The credential comes in connection_init; false closes the socket with 4403 Forbidden.
      onConnect: async (ctx) => {
        const principal = await gatekeeper.admit(ctx.extra.socket, ctx.connectionParams, ctx.extra.clientIp);
        if (!principal) return false;
        ctx.extra.principal = principal;
        return true;
      },
      // onClose, not onDisconnect: it also runs when the socket closes before the acknowledgement.
      onClose: (ctx) => gatekeeper.release(ctx.extra.socket),
      onSubscribe: async (ctx, id, payload) => {
        const { principal, clientIp, socketId } = ctx.extra;
        const received = performance.now();
        const refused = (errors: readonly GraphQLError[]) => {
          this.#options.services.metrics.recordOperation({ transport: 'ws', type: undefined, name: payload.operationName, errors, seconds: (performance.now() - received) / 1000 });
          return errors;
        };
        const refusal =
          tooManyOperations(Object.keys(ctx.subscriptions).length, this.#limits.maxOperationsPerConnection) ??
          // The credential is checked again for every operation: revocations elsewhere take effect here.
          (await gatekeeper.recheck(ctx.extra.socket, ctx.connectionParams, principal));
        if (refusal) return refused(refusal);
        const prepared = await pipeline.prepare({
          schema,
          query: payload.query,
          operationName: payload.operationName,
          variables: payload.variables,
          principal: principal ?? null,
          clientIp,
          logger: this.#logger.child({ requestId: socketId }),
          transport: 'ws',
        });
        if (Array.isArray(prepared)) return refused(prepared as readonly GraphQLError[]);
        ctx.extra.operationsStarting.set(id, received);
        return prepared as ExecutionArgs;
      },
      // A query or mutation has its result here, a subscription has started (or was refused).
      onOperation: (ctx, id, _payload, args, result) => {
        const received = ctx.extra.operationsStarting.get(id);
        ctx.extra.operationsStarting.delete(id);
        if (received === undefined) return;
        const operation = getOperationAST(args.document, args.operationName);
        const errors = Symbol.asyncIterator in result ? undefined : (result as ExecutionResult).errors;
        this.#options.services.metrics.recordOperation({ transport: 'ws', type: operation?.operation, name: operation?.name?.value, errors, seconds: (performance.now() - received) / 1000 });
      },
      // The same error codes and production masking as over HTTP, where Apollo applies formatError.
      onError: (_ctx, _id, _payload, errors) => formatWebSocketErrors(formatError, errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatWebSocketErrors(formatError, result.errors) } : result),
      // Subscriptions start through their root field's `subscribe`, which joins the subscription hub
      // (permission check, grouping); the hub writes their results to subscriptionSink itself.
      subscribe: (args: ExecutionArgs) => createSourceEventStream(args) as never,
      context: (ctx, id) => this.#contextOf(ctx.extra, id),
    });
  }

  /** Step 4, an operation's context: as over HTTP, plus the sink its subscription results go to. */
  #contextOf(extra: SocketExtra, operationId: string): GraphQLContext {
    const { socketId } = extra;
    const logger = this.#logger;
    // Made only when a resolver asks: an idle subscription holds no logger.
    let requestLogger: Logger | undefined;
    return {
      get logger() {
        return (requestLogger ??= logger.child({ requestId: socketId }));
      },
      services: this.#options.services,
      principal: extra.principal ?? null,
      clientIp: extra.clientIp,
      subscriptionSink: this.#sinkOf(extra, operationId),
    };
  }

  /**
   * Step 5, where the subscription hub writes this operation's results: fire and forget (a failed
   * write is an 'error' of a connection that is gone); the results of one burst leave in one write
   * per connection (see subscription-frames.ts).
   */
  #sinkOf(extra: SocketExtra, operationId: string): SubscriptionSink {
    const { socket, connection, clientIp } = extra;
    return {
      send: (resultJson) => {
        if (!this.#mayWrite(socket, clientIp)) return false;
        (extra.frames ??= new FrameBatch(socket, connection)).queue(this.#nextFrames.of(operationId, resultJson));
        return true;
      },
      isOpen: () => socket.readyState === socket.OPEN,
    };
  }

  /** graphql-ws' own messages: it waits for each write. */
  #sendProtocolMessage(socket: WebSocket, clientIp: string, data: string): Promise<void> {
    return new Promise<void>((resolve) => {
      if (!this.#mayWrite(socket, clientIp)) return resolve();
      // A failed write means the connection is gone (destroyed after a close that was never
      // answered): there is no one left to tell, so the operation just ends.
      socket.send(data, () => resolve());
    });
  }

  /** False when the peer has more unread data than allowed: then it is closed as a slow consumer. */
  #mayWrite(socket: WebSocket, clientIp: string): boolean {
    if (socket.readyState !== socket.OPEN) return false;
    if (socket.bufferedAmount <= this.#limits.maxBufferedBytes) return true;
    this.#logger.warn({ clientIp, bufferedBytes: socket.bufferedAmount }, 'WebSocket closed: slow consumer');
    this.#options.services.metrics.slowConsumerClosed();
    socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: too much unread data');
    return false;
  }

  /**
   * A role change, password reset or key revocation ends that principal's sockets: made in this
   * process, at once (the `credentialChanged` reaction, src/app/reactions.ts); made by another
   * instance, when the bus brings it (this instance's own come back too and find nothing left).
   */
  #hearCredentialChanges(): () => Promise<void> {
    const { services } = this.#options;
    const credentialChanged = (change: CredentialChange) => this.#gatekeeper.credentialChanged(change);
    const stopReacting = services.events.on('credentialChanged', "end this instance's WebSocket sessions of the principal", credentialChanged);
    const busListening = services.bus.subscribe(TOPICS.credentialChanged, (change) => credentialChanged(change as CredentialChange));
    busListening.catch((error: unknown) => this.#logger.error({ err: error }, 'cannot hear credential changes of other instances'));
    return async () => {
      stopReacting();
      (await busListening.catch(() => undefined))?.();
    };
  }

  async dispose(): Promise<void> {
    await this.#stopHearingChanges();
    this.#gatekeeper.sessions.dispose();
    for (const client of this.#wss.clients) client.close(1001, 'Going away');
    await new Promise<void>((resolve, reject) => this.#wss.close((error) => (error ? reject(error) : resolve())));
  }
}

/**
 * Pings every `intervalMs`; a peer that has not answered the previous ping by the next one is
 * gone (a dead network path, a frozen client) and its socket is terminated.
 */
function heartbeat(socket: WebSocket, intervalMs: number): () => void {
  let answered = true;
  socket.on('pong', () => {
    answered = true;
  });
  const timer = setInterval(() => {
    if (!answered) {
      socket.terminate();
      return;
    }
    answered = false;
    socket.ping();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function pathOf(url: string | undefined): string {
  const query = (url ?? '').indexOf('?');
  return query === -1 ? (url ?? '') : (url ?? '').slice(0, query);
}

import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  readonly body: string;
}

/** What the receiver does with the n-th request (1-based): answer with a status, or never answer. */
export type Responder = (request: ReceivedRequest, n: number, response: ServerResponse) => { status: number; body?: string; headers?: Record<string, string>; delayMs?: number } | 'hang';

/** A real HTTP server on loopback that records every request and answers as the test says. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Requests being answered right now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly hanging = new Set<ServerResponse>();

  private readonly server: Server;
  /** Where to send: http://host:port/hook */
  url = '';

  private constructor(public respond: Responder) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.requests.push(received);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        const answer = this.respond(received, this.requests.length, response);
        if (answer === 'hang') {
          this.hanging.add(response);
          response.on('close', () => {
            this.inFlight--;
            this.hanging.delete(response);
          });
          return;
        }
        setTimeout(() => {
          this.inFlight--;
          response.writeHead(answer.status, answer.headers).end(answer.body ?? '');
        }, answer.delayMs ?? 0);
      });
    });
  }

  static async start(respond: Responder = () => ({ status: 204 }), host = '127.0.0.1'): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(respond);
    await new Promise<void>((resolve) => receiver.server.listen(0, host, resolve));
    const { port } = receiver.server.address() as AddressInfo;
    receiver.url = `http://${host}:${port}/hook`;
    return receiver;
  }

  /** Waits until `count` requests arrived (or fails after `timeoutMs`). */
  async waitForRequests(count: number, timeoutMs = 5_000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${this.requests.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.requests;
  }

  /** Drops the connections of the requests left unanswered. */
  releaseHanging(): void {
    for (const response of this.hanging) response.destroy();
  }

  async close(): Promise<void> {
    this.releaseHanging();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

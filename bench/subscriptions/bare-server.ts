/**
 * The reference: a bare graphql-ws server (graphql-ws' own `useServer` on `ws`, graphql-js
 * execution per subscriber and event, as its README sets it up). No authentication, no filter:
 * every subscriber gets every alert. Runs in its own process, driven by the runner over IPC.
 */
import { EventEmitter, on } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { ALERTS_PER_RUN, alertSpec, cpuMs, memoryReply, preciseNow, type PublishedAlert, type ServerCommand, type ServerReply } from './workload.js';

const schema = buildSchema(`
  type Geolocation { countryCode: String }
  type Alert { id: ID! kind: String! score: Float! sourceIp: String! domains: [String!]! geolocation: Geolocation createdAt: String! }
  type Query { ok: Boolean }
  type Subscription { alertRaised(filter: AlertEventFilter): Alert! }
  input AlertEventFilter { domains: [String!] kinds: [String!] minScore: Float countries: [String!] }
`);
const events = new EventEmitter();
events.setMaxListeners(0);

// graphql-js subscribes by calling the root value's field function; each event it yields becomes
// the root value of one execution. Ending the subscription returns the generator, which removes the listener.
const subscriptionRoot = {
  alertRaised: async function* () {
    for await (const [alert] of on(events, 'alert')) yield { alertRaised: alert as unknown };
  },
};

const http = createServer((_request, response) => response.writeHead(404).end());
const wss = new WebSocketServer({ server: http, path: '/graphql', perMessageDeflate: false });
useServer({ schema, roots: { subscription: subscriptionRoot } }, wss);
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));

let run = 0;
function send(message: ServerReply): void {
  process.send!(message);
}

process.on('message', (command: ServerCommand) => {
  if (command.type === 'memory') {
    send(memoryReply());
  } else if (command.type === 'cpu') {
    send({ type: 'cpu', cpuMs: cpuMs() });
  } else if (command.type === 'raise') {
    run++;
    const started = preciseNow();
    const alerts: PublishedAlert[] = [];
    for (let i = 0; i < ALERTS_PER_RUN; i++) {
      const spec = alertSpec(i);
      const alert = { id: `run${run}-${i}`, kind: spec.kind, score: spec.score, sourceIp: spec.sourceIp, domains: [spec.domain], geolocation: { countryCode: spec.countryCode }, createdAt: new Date().toISOString() };
      const publishedAt = preciseNow();
      events.emit('alert', alert);
      alerts.push({ id: alert.id, kind: spec.kind, score: spec.score, domains: alert.domains, countryCode: spec.countryCode, publishedAt });
    }
    send({ type: 'raised', alerts, runMs: preciseNow() - started, startedAt: started });
  } else if (command.type === 'broadcast') {
    run++;
    const spec = alertSpec(0);
    const alert = { id: `broadcast-${run}`, kind: spec.kind, score: spec.score, sourceIp: spec.sourceIp, domains: [spec.domain], geolocation: { countryCode: spec.countryCode }, createdAt: new Date().toISOString() };
    events.emit('alert', alert);
    send({ type: 'broadcasted', id: alert.id });
  } else {
    wss.close();
    http.closeAllConnections();
    http.close(() => process.exit(0));
  }
});
send({ type: 'ready', url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`, apiKeys: [], subscriptions: true });

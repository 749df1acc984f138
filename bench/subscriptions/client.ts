/**
 * A subscriber process: holds `count` WebSockets, each speaking graphql-ws (graphql-transport-ws)
 * by hand, so that the client side costs as little CPU as possible on this shared machine: a
 * received message is not parsed, only its alert id is cut out and the time noted.
 */
import WebSocket from 'ws';
import { BROADCAST_SUBSCRIPTION, cpuMs, expectedAlerts, preciseNow, subscriberFilter, SUBSCRIPTION, type ClientCommand, type ClientReply, type ClientSetup } from './workload.js';

const CONNECT_CONCURRENCY = 100;
/**
 * Subscribers come from 200 loopback addresses, 50 each: the server's per-IP limits
 * (GRAPHQL_WS_MAX_CONNECTIONS_PER_IP, RATE_LIMIT_PER_MINUTE) keep their defaults, as for users
 * behind their own addresses.
 */
const SUBSCRIBERS_PER_ADDRESS = 50;
const sourceAddress = (number: number) => `127.0.${1 + Math.floor(number / SUBSCRIBERS_PER_ADDRESS / 250)}.${1 + (Math.floor(number / SUBSCRIBERS_PER_ADDRESS) % 250)}`;
const ID_MARK = Buffer.from('"alertRaised":{"id":"');
const CREATED_MARK = Buffer.from('"createdAt":"');
const QUOTE = 0x22;

interface Subscriber {
  readonly number: number;
  socket: WebSocket | null;
  /** Alert id -> first receipt time (broadcast mode: the delivery's latency from its own send time); repeats are counted. */
  readonly received: Map<string, number>;
  duplicates: number;
}

let setup: ClientSetup;
/** CPU used when the connections were all made: the collection's CPU is counted from here. */
let cpuAtConnected = 0;
const subscribers: Subscriber[] = [];

function reply(message: ClientReply): void {
  process.send!(message);
}

/** Opens a socket, authenticates, subscribes; resolves once the server answered a ping sent after the subscribe. */
function open(subscriber: Subscriber, keyIndex: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // No UTF-8 validation of every message: the ids are ASCII, and the clients share the server's 2 cores.
    const socket = new WebSocket(setup.url, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true, localAddress: sourceAddress(subscriber.number) });
    const timer = setTimeout(() => fail(new Error('timed out connecting')), 60_000);
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.terminate();
      reject(error);
    };
    socket.on('error', (error) => fail(error));
    socket.on('close', (code, reason) => fail(new Error(`closed ${code} ${reason.toString()}`)));
    socket.on('open', () => {
      const payload = setup.apiKeys.length ? { apiKey: setup.apiKeys[keyIndex % setup.apiKeys.length] } : {};
      socket.send(JSON.stringify({ type: 'connection_init', payload }));
    });
    socket.on('message', (data: Buffer) => {
      // Deliveries are searched as bytes; only their id is decoded.
      const at = data.indexOf(ID_MARK);
      if (at >= 0) {
        const start = at + ID_MARK.length;
        const arrival = preciseNow();
        const end = data.indexOf(QUOTE, start);
        const id = data.toString('latin1', start, end);
        if (subscriber.received.has(id)) subscriber.duplicates++;
        else subscriber.received.set(id, setup.mode === 'broadcast' ? arrival - sentAt(data, end) : arrival);
        return;
      }
      const text = data.toString('utf8');
      if (text.includes('"connection_ack"')) {
        const filter = subscriberFilter(subscriber.number);
        const payload = setup.mode === 'broadcast' ? { query: BROADCAST_SUBSCRIPTION, variables: {} } : { query: SUBSCRIPTION, variables: setup.withFilter && filter ? { filter } : {} };
        if (setup.subscribe) socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        socket.send(JSON.stringify({ type: 'ping' }));
      } else if (text.includes('"pong"') && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve(socket);
      } else if (text.includes('"error"')) {
        fail(new Error(`subscription error: ${text.slice(0, 200)}`));
      }
    });
  });
}

/** The send time a broadcast delivery carries (its `createdAt`, set at publication), in epoch ms. */
function sentAt(data: Buffer, from: number): number {
  const at = data.indexOf(CREATED_MARK, from);
  if (at < 0) return Number.NaN;
  const start = at + CREATED_MARK.length;
  return Date.parse(data.toString('latin1', start, data.indexOf(QUOTE, start)));
}

/** Broadcast mode: connects the next subscribers until `count` of this process's are connected. */
async function connectUpTo(count: number): Promise<ClientReply> {
  const errors = new Set<string>();
  let failed = 0;
  const pending = subscribers.slice(0, count).filter((subscriber) => subscriber.socket === null);
  await inParallel(pending, CONNECT_CONCURRENCY, async (subscriber) => {
    try {
      subscriber.socket = await open(subscriber, subscriber.number);
    } catch (error) {
      failed++;
      errors.add((error as Error).message);
    }
  });
  const connected = subscribers.filter((subscriber) => subscriber.socket !== null).length;
  return { type: 'connected', connected, failed, errors: [...errors].slice(0, 5) };
}

/** Broadcast mode: every connected subscriber's latency for each of `ids`, from each delivery's own send time. */
async function collectBroadcast(command: Extract<ClientCommand, { type: 'collectBroadcast' }>): Promise<ClientReply> {
  const connected = subscribers.filter((subscriber) => subscriber.socket !== null);
  const deadline = Date.now() + command.timeoutMs;
  const complete = () => connected.every((subscriber) => command.ids.every((id) => subscriber.received.has(id)));
  while (!complete() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  const latencies: number[] = [];
  let missing = 0;
  for (const subscriber of connected) {
    for (const id of command.ids) {
      const latency = subscriber.received.get(id);
      if (latency === undefined) missing++;
      else latencies.push(latency);
    }
    subscriber.received.clear();
  }
  return { type: 'broadcastCollected', latencies, missing };
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function connectAll(): Promise<ClientReply> {
  const errors = new Set<string>();
  let failed = 0;
  await inParallel(subscribers, CONNECT_CONCURRENCY, async (subscriber) => {
    try {
      subscriber.socket = await open(subscriber, subscriber.number);
    } catch (error) {
      failed++;
      errors.add((error as Error).message);
    }
  });
  cpuAtConnected = cpuMs();
  return { type: 'connected', connected: subscribers.length - failed, failed, errors: [...errors].slice(0, 5) };
}

async function collect(command: Extract<ClientCommand, { type: 'collect' }>): Promise<ClientReply> {
  // The bare server has no filter: its subscribers get every alert.
  const expectations = subscribers.map((subscriber) => expectedAlerts(setup.withFilter ? subscriberFilter(subscriber.number) : null, command.alerts));
  const total = expectations.reduce((sum, list, i) => sum + (subscribers[i]!.socket ? list.length : 0), 0);
  const deadline = Date.now() + command.timeoutMs;
  const count = () => subscribers.reduce((sum, subscriber) => sum + subscriber.received.size, 0);
  while (count() < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // A little longer, to see deliveries that should not come (repeats, unmatched alerts).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const publishedAt = new Map(command.alerts.map((alert) => [alert.id, alert.publishedAt]));
  const latencies: number[] = [];
  let lastArrivalAt = Number.NaN;
  let missing = 0;
  let unexpected = 0;
  let duplicates = 0;
  subscribers.forEach((subscriber, i) => {
    if (!subscriber.socket) return;
    const wanted = new Set(expectations[i]!.map((alert) => alert.id));
    for (const id of wanted) if (!subscriber.received.has(id)) missing++;
    for (const [id, at] of subscriber.received) {
      if (!wanted.has(id)) unexpected++;
      else latencies.push(at - publishedAt.get(id)!);
      if (!(at <= lastArrivalAt)) lastArrivalAt = at;
    }
    duplicates += subscriber.duplicates;
    subscriber.received.clear();
    subscriber.duplicates = 0;
  });
  return { type: 'collected', latencies, lastArrivalAt, cpuMs: cpuMs() - cpuAtConnected, expected: total, missing, duplicates, unexpected };
}

async function disconnectAll(): Promise<ClientReply> {
  await Promise.all(subscribers.map((subscriber) => new Promise<void>((resolve) => {
    const socket = subscriber.socket;
    subscriber.socket = null;
    if (!socket || socket.readyState === WebSocket.CLOSED) return resolve();
    socket.once('close', () => resolve());
    socket.close(1000);
    setTimeout(() => {
      socket.terminate();
      resolve();
    }, 5_000).unref();
  })));
  return { type: 'disconnected' };
}

/** `cycles` times: connect, authenticate, subscribe, wait for the server's pong, close. */
async function churn(command: Extract<ClientCommand, { type: 'churn' }>): Promise<ClientReply> {
  const errors = new Set<string>();
  let failed = 0;
  const slots = Array.from({ length: command.cycles }, (_, i) => i);
  await inParallel(slots, command.concurrency, async (i) => {
    // Each cycle from the next of all 200 addresses, whatever the number of subscribers: with fewer
    // addresses a small run would meet the per-IP rate limit (RATE_LIMIT_PER_MINUTE) a large one does not.
    const number = (setup.first + i * SUBSCRIBERS_PER_ADDRESS) % (SUBSCRIBERS_PER_ADDRESS * 200);
    const subscriber: Subscriber = { number, socket: null, received: new Map(), duplicates: 0 };
    try {
      const socket = await open(subscriber, setup.first + (i % command.concurrency));
      await new Promise<void>((resolve) => {
        socket.removeAllListeners('close');
        socket.once('close', () => resolve());
        socket.close(1000);
      });
    } catch (error) {
      failed++;
      errors.add((error as Error).message);
    }
  });
  return { type: 'churned', cycles: command.cycles, failed, errors: [...errors].slice(0, 5) };
}

process.once('message', (first: ClientSetup) => {
  setup = first;
  for (let i = 0; i < setup.count; i++) subscribers.push({ number: setup.first + i, socket: null, received: new Map(), duplicates: 0 });
  process.on('message', (command: ClientCommand) => {
    const work =
      command.type === 'connect' ? connectAll()
      : command.type === 'collect' ? collect(command)
      : command.type === 'disconnect' ? disconnectAll()
      : command.type === 'connectUpTo' ? connectUpTo(command.count)
      : command.type === 'collectBroadcast' ? collectBroadcast(command)
      : churn(command);
    work.then(reply, (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.send!({ type: 'started' });
});

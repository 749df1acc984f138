import { createSocket } from 'node:dgram';

export interface UdpDelayProxy {
  /** `127.0.0.1:port`, as DNS_SERVERS takes it. */
  readonly address: string;
  /** Answers relayed so far. */
  readonly relayed: () => number;
  stop(): Promise<void>;
}

/**
 * A UDP relay in front of a DNS server that holds every answer for `delayMs` before passing it
 * on: the latency of a resolver on the internet, on loopback (the benchmark's 20 ms). One upstream
 * socket per client query id and port, so concurrent queries keep their own answers.
 */
export async function startUdpDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<UdpDelayProxy> {
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  /** Client of each query in flight, by the id the proxy gave it upstream. */
  const waiting = new Map<number, { address: string; port: number; id: number }>();
  let nextId = 0;
  let relayed = 0;
  front.on('message', (query, client) => {
    if (query.length < 12) return;
    // Two clients may use the same query id: the upstream query gets an id of the proxy's own.
    nextId = (nextId + 1) & 0xffff;
    const id = nextId;
    waiting.set(id, { address: client.address, port: client.port, id: query.readUInt16BE(0) });
    const forwarded = Buffer.from(query);
    forwarded.writeUInt16BE(id, 0);
    back.send(forwarded, target.port, target.host);
  });
  back.on('message', (answer) => {
    if (answer.length < 12) return;
    const client = waiting.get(answer.readUInt16BE(0));
    if (client === undefined) return;
    waiting.delete(answer.readUInt16BE(0));
    const reply = Buffer.from(answer);
    reply.writeUInt16BE(client.id, 0);
    setTimeout(() => {
      relayed += 1;
      front.send(reply, client.port, client.address);
    }, delayMs);
  });
  await Promise.all([
    new Promise<void>((resolve) => front.bind(0, '127.0.0.1', () => resolve())),
    new Promise<void>((resolve) => back.bind(0, '127.0.0.1', () => resolve())),
  ]);
  return {
    address: `127.0.0.1:${front.address().port}`,
    relayed: () => relayed,
    stop: async () => {
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await new Promise<void>((resolve) => back.close(() => resolve()));
    },
  };
}

import { createSocket, type Socket } from 'node:dgram';

/**
 * DNS servers that misbehave the ways real ones do, on loopback UDP, for dnsmasq to forward some
 * names to (DnsZone.forward): one answers SERVFAIL to everything, one never answers (the client
 * times out). A real resolver in front of a broken authoritative server fails exactly so.
 */
export interface FaultyUpstream {
  /** `127.0.0.1#port`: dnsmasq's `server=` syntax. */
  readonly server: string;
  /** Queries received. */
  readonly received: () => number;
  stop(): Promise<void>;
}

export function startServfailUpstream(): Promise<FaultyUpstream> {
  return startUpstream((socket, query, peer) => {
    const answer = servfailFor(query);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
}

export function startSilentUpstream(): Promise<FaultyUpstream> {
  return startUpstream(() => {});
}

async function startUpstream(onQuery: (socket: Socket, query: Buffer, peer: { address: string; port: number }) => void): Promise<FaultyUpstream> {
  const socket = createSocket('udp4');
  let received = 0;
  socket.on('message', (query, peer) => {
    received += 1;
    onQuery(socket, query, peer);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    server: `127.0.0.1#${socket.address().port}`,
    received: () => received,
    stop: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** The SERVFAIL answer to a query: its id and question, no records. Undefined for what is no query. */
export function servfailFor(query: Buffer): Buffer | undefined {
  if (query.length < 12) return undefined;
  // The question: labels up to the root label, then type and class.
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) offset += 1 + query[offset]!;
  const questionEnd = offset + 5;
  if (questionEnd > query.length) return undefined;
  const answer = Buffer.from(query.subarray(0, questionEnd));
  answer[2] = 0x80 | (query[2]! & 0x79); // QR, the query's opcode and RD
  answer[3] = 0x80 | 2; // RA, RCODE 2 = SERVFAIL
  answer.writeUInt16BE(1, 4);
  answer.writeUInt16BE(0, 6);
  answer.writeUInt16BE(0, 8);
  answer.writeUInt16BE(0, 10);
  return answer;
}

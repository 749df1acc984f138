import { startUdpDelayProxy } from '../../test/support/udp-delay-proxy.js';

/**
 * The benchmark's 20 ms of DNS latency in a process of its own, as a resolver on the internet is
 * elsewhere: relaying packets would otherwise take CPU from the ingestion being measured.
 * Usage (forked by run.ts): delay-proxy-process.js <dnsmasq port> <delay ms>; it sends its address.
 */
const [port, delay] = process.argv.slice(2).map(Number);
const proxy = await startUdpDelayProxy({ host: '127.0.0.1', port: port! }, delay!);
process.send?.({ address: proxy.address });
process.on('disconnect', () => void proxy.stop().then(() => process.exit(0)));

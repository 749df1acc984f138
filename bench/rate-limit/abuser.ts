/**
 * The abusive client of the rate-limit benchmark, in a worker thread so its own work does not queue
 * on the server's event loop. From 127.0.0.2 (another client IP), as fast as `concurrency`
 * keep-alive connections go, for `seconds` or `maxRequests`, whichever ends first.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface AbuserOptions { readonly url: string; readonly seconds: number; readonly concurrency: number; readonly maxRequests: number }
export interface AbuserResult { readonly total: number; readonly limited: number; readonly seconds: number }

const options = workerData as AbuserOptions;
const body = JSON.stringify({ query: '{ __typename }' });
const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, localAddress: '127.0.0.2' });

function post(): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(options.url, { method: 'POST', agent, localAddress: '127.0.0.2', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const started = performance.now();
const deadline = started + options.seconds * 1000;
let total = 0;
let limited = 0;
const loop = async () => {
  while (performance.now() < deadline && total < options.maxRequests) {
    total++;
    if ((await post()) === 429) limited++;
  }
};
await Promise.all(Array.from({ length: options.concurrency }, loop));
agent.destroy();
parentPort?.postMessage({ total, limited, seconds: (performance.now() - started) / 1000 } satisfies AbuserResult);

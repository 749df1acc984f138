/**
 * The well-behaved client of the rate-limit benchmark, in a process of its own (see run.ts): from
 * 127.0.0.1, `ratePerSecond` requests a second, each timed whether or not the previous one has
 * answered (open loop, so a slow server cannot hide its delay by slowing the client down).
 */
import { Agent } from 'node:http';
import { postTypename, serveOneJob } from './graphql-post.js';

export interface NormalClientOptions { readonly url: string; readonly seconds: number; readonly ratePerSecond: number }
/** Latencies in ms, and how many answers were not 200. */
export interface NormalClientResult { readonly latencies: number[]; readonly refused: number }

serveOneJob(async (options: NormalClientOptions): Promise<NormalClientResult> => {
  const agent = new Agent({ keepAlive: true, localAddress: '127.0.0.1' });
  const pending: Promise<{ status: number; ms: number }>[] = [];
  const interval = 1000 / options.ratePerSecond;
  const start = performance.now();
  for (let i = 0; i < options.seconds * options.ratePerSecond; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(postTypename(options.url, agent));
  }
  const results = await Promise.all(pending);
  agent.destroy();
  return { latencies: results.map((r) => r.ms), refused: results.filter((r) => r.status !== 200).length };
});

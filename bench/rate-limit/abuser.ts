/**
 * The abusive client of the rate-limit benchmark, in a process of its own (see run.ts). From
 * 127.0.0.2 (another client IP), as fast as `concurrency` keep-alive connections go, for `seconds`.
 * Notifies `refused` at its first 429: from then on the server only refuses it.
 */
import { Agent } from 'node:http';
import { postTypename, serveOneJob } from './graphql-post.js';

export interface AbuserOptions { readonly url: string; readonly seconds: number; readonly concurrency: number }
export interface AbuserResult { readonly total: number; readonly limited: number; readonly seconds: number }

serveOneJob(async (options: AbuserOptions, notify): Promise<AbuserResult> => {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency, localAddress: '127.0.0.2' });
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  // From the first 429 on, counts restart, as the normal client's phase does: the requests the
  // limit allowed before are not the flood being refused. Without a refusal, all are counted.
  let refusedSince: number | undefined;
  let total = 0;
  let limited = 0;
  const loop = async () => {
    while (performance.now() < deadline) {
      const status = (await postTypename(options.url, agent)).status;
      if (status === 429 && refusedSince === undefined) {
        refusedSince = performance.now();
        total = 0;
        notify('refused');
      }
      total++;
      if (status === 429) limited++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, loop));
  agent.destroy();
  return { total, limited, seconds: (performance.now() - (refusedSince ?? started)) / 1000 };
});

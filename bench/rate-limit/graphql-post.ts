import { request, type Agent } from 'node:http';

const body = JSON.stringify({ query: '{ __typename }' });

/** One POST /graphql from `agent` (bound to a source address); resolves with the status and latency in ms. */
export function postTypename(url: string, agent: Agent): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Runs `main` with the first message of the parent process, sends back `{ result }` and exits.
 * `main` may tell the parent something on the way with `notify` (sent as `{ notice }`).
 */
export function serveOneJob<I, O>(main: (input: I, notify: (notice: string) => void) => Promise<O>): void {
  process.once('message', (input: I) => {
    main(input, (notice) => process.send!({ notice })).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

import { request } from 'node:http';

/**
 * A GraphQL POST from another loopback address (127.0.0.2, …): to the server another client IP.
 * Resolves with the status and the parsed body.
 */
export function postGraphQLFrom(
  baseUrl: string,
  localAddress: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  return new Promise((resolve, reject) => {
    const call = request(`${baseUrl}/graphql`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as never }));
    });
    call.on('error', reject);
    call.end(JSON.stringify(body));
  });
}

/** `error.code` over HTTP and `extensions.code` in GraphQL for a refusal. */
export const RATE_LIMITED = 'RATE_LIMITED';

export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many requests; retry in ${retryAfterSeconds} s`;
}

/**
 * The body of an HTTP 429, in the shape of every HTTP error (`{ error: { code, message, requestId } }`),
 * built as text: a flood's refusals should not each cost an Error, its stack trace and a serializer.
 */
export function rateLimitedBody(retryAfterSeconds: number, requestId: string): string {
  return `{"error":{"code":"${RATE_LIMITED}","message":"${rateLimitedMessage(retryAfterSeconds)}","requestId":${JSON.stringify(requestId)}}}`;
}

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { consume, type RateLimiters } from '../rate-limit/limiters.js';
import type { GraphQLContext } from './context.js';
import { emailArgument, operationRootFields } from './operation-root-fields.js';

export interface RateLimitPluginOptions {
  readonly limiters: Pick<RateLimiters, 'principal' | 'login'>;
  /** Root fields that take the strict login limit (password guesses). */
  readonly strictFields?: readonly string[];
}

/** What the plugin reads from the context; the principal comes from authentication when present. */
type RateLimitContext = Pick<GraphQLContext, 'logger'> & { readonly clientIp?: string; readonly principal?: { readonly id: string } | null };

/**
 * Per-operation limits, checked once the operation is known and before it runs:
 * - every operation counts against its principal (the client IP when anonymous), so one token
 *   cannot monopolise the server from many addresses;
 * - each `login` field counts against the client IP and against the e-mail address it tries, which
 *   slows credential stuffing from one address and password guessing on one account from many.
 * The per-IP HTTP limit (src/http/rate-limit.ts) has already counted the request itself.
 */
export function createRateLimitPlugin(options: RateLimitPluginOptions): ApolloServerPlugin<GraphQLContext> {
  const strictFields = new Set(options.strictFields ?? ['login']);
  const { principal: principalLimiter, login: loginLimiter } = options.limiters;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request }) {
          // Never undefined here: didResolveOperation runs only once the operation is resolved.
          if (!operation) return;
          const context = contextValue as RateLimitContext;
          const ip = context.clientIp ?? 'unknown';
          const principalId = context.principal?.id;
          const refuse = (keyType: string, retryAfterSeconds: number): never => {
            context.logger.warn({ ip, keyType, operationName: operation.name?.value ?? null, retryAfterSeconds }, 'Rate limit exceeded');
            throw rateLimitedError(retryAfterSeconds);
          };

          const perPrincipal = await consume(principalLimiter, principalId ? `principal:${principalId}` : `ip:${ip}`);
          if (!perPrincipal.allowed) refuse(principalId ? 'principal' : 'ip', perPrincipal.retryAfterSeconds);

          const strict = operationRootFields(operation, document).filter((field) => strictFields.has(field.name.value));
          if (strict.length === 0) return;
          // Each aliased copy is one more attempt.
          const byIp = await consume(loginLimiter, `ip:${ip}`, strict.length);
          if (!byIp.allowed) refuse('login-ip', byIp.retryAfterSeconds);
          const emails = strict.flatMap((field) => emailArgument(field, request.variables) ?? []).map((email) => email.trim().toLowerCase());
          for (const email of new Set(emails)) {
            const byEmail = await consume(loginLimiter, `email:${email}`, emails.filter((e) => e === email).length);
            if (!byEmail.allowed) refuse('login-email', byEmail.retryAfterSeconds);
          }
        },
      };
    },
  };
}

function rateLimitedError(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests; retry in ${retryAfterSeconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      // Apollo turns this into the HTTP status and headers, and strips it from the response body.
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

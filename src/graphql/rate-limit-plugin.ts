import type { ApolloServerPlugin } from '@apollo/server';
import type { RateLimitGate } from '../rate-limit/rate-limit-gate.js';
import { rateLimitedGraphQLError } from '../rate-limit/rate-limited-error.js';
import type { GraphQLContext } from './context.js';
import { emailArgument, operationRootFields } from './operation-root-fields.js';

export interface RateLimitPluginOptions {
  readonly gates: { readonly principal: RateLimitGate; readonly login: RateLimitGate };
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
 * The per-IP HTTP limit (src/http/rate-limit.ts) has already counted the request itself. Refusals
 * are logged once per key and window (RateLimitGate).
 */
export function createRateLimitPlugin(options: RateLimitPluginOptions): ApolloServerPlugin<GraphQLContext> {
  const strictFields = new Set(options.strictFields ?? ['login']);
  const { principal: principalGate, login: loginGate } = options.gates;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document, request }) {
          // Never undefined here: didResolveOperation runs only once the operation is resolved.
          if (!operation) return;
          const context = contextValue as RateLimitContext;
          const ip = context.clientIp ?? 'unknown';
          const principalId = context.principal?.id;
          const operationName = operation.name?.value ?? null;
          const check = async (gate: RateLimitGate, key: string, points: number, keyType: string) => {
            const decision = await gate.consume(key, points, context.logger, { ip, keyType, operationName });
            if (!decision.allowed) throw rateLimitedGraphQLError(decision.retryAfterSeconds);
          };

          await check(principalGate, principalId ? `principal:${principalId}` : `ip:${ip}`, 1, principalId ? 'principal' : 'ip');

          const strict = operationRootFields(operation, document).filter((field) => strictFields.has(field.name.value));
          if (strict.length === 0) return;
          // Each aliased copy is one more attempt.
          await check(loginGate, `ip:${ip}`, strict.length, 'login-ip');
          const emails = strict.flatMap((field) => emailArgument(field, request.variables) ?? []).map((email) => email.trim().toLowerCase());
          for (const email of new Set(emails)) {
            await check(loginGate, `email:${email}`, emails.filter((e) => e === email).length, 'login-email');
          }
        },
      };
    },
  };
}

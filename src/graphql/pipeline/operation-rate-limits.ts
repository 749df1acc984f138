import { getArgumentValues, getVariableValues, type DocumentNode, type GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '../../logging/logger.js';
import type { RateLimitGate } from '../../rate-limit/rate-limit-gate.js';
import { operationRootFields } from '../operation-root-fields.js';
import { rateLimitedError } from './operation-errors.js';

export interface OperationRateLimitGates {
  /** Every operation, keyed by principal (the client IP when anonymous). */
  readonly principal: RateLimitGate;
  /** Password guesses, keyed by client IP and by the account's e-mail address. */
  readonly login: RateLimitGate;
}

/**
 * Root fields that test a password, and the account each guess is against: `login` names it in its
 * arguments, `changeOwnPassword` is the caller's own account.
 */
export type PasswordAccount = 'email-argument' | 'caller';

export const PASSWORD_FIELDS: Readonly<Record<string, PasswordAccount>> = {
  login: 'email-argument',
  changeOwnPassword: 'caller',
};

export interface RateLimitedOperation {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
  readonly principal: { readonly id: string; readonly email?: string | undefined } | null;
  readonly clientIp: string;
  readonly logger: Logger;
}

type Caller = Pick<RateLimitedOperation, 'principal' | 'clientIp' | 'logger'>;

/** One gate's refusal for `points` more under `key`, or undefined. */
async function consumed(gate: RateLimitGate, caller: Caller, key: string, points: number, keyType: string, operationName: string | null): Promise<GraphQLError | undefined> {
  const decision = await gate.consume(key, points, caller.logger, { ip: caller.clientIp, keyType, operationName });
  return decision.allowed ? undefined : rateLimitedError(decision.retryAfterSeconds);
}

/**
 * Every operation counts against its principal (the client IP when anonymous), so one token
 * cannot monopolise the server from many addresses or over one WebSocket. Undefined when it may
 * run; the RATE_LIMITED error otherwise.
 */
export function principalRateLimitError(gates: OperationRateLimitGates, caller: Caller, operationName: string | null = null): Promise<GraphQLError | undefined> {
  const { principal, clientIp } = caller;
  return consumed(gates.principal, caller, principal ? `principal:${principal.id}` : `ip:${clientIp}`, 1, principal ? 'principal' : 'ip', operationName);
}

/**
 * Each password-testing field counts against the client IP and against the account it guesses,
 * which slows credential stuffing from one address and password guessing on one account from
 * many. The account is read from the arguments as the resolver will see them (variables coerced,
 * defaults applied), so `$e: String = "victim@…"` is counted like a literal. Undefined when the
 * operation may run; the RATE_LIMITED error otherwise.
 */
export async function passwordGuessRateLimitError(
  gates: OperationRateLimitGates,
  request: RateLimitedOperation,
  passwordFields: Readonly<Record<string, PasswordAccount>> = PASSWORD_FIELDS,
): Promise<GraphQLError | undefined> {
  const { clientIp: ip } = request;
  const operationName = request.operation.name?.value ?? null;
  const check = (gate: RateLimitGate, key: string, points: number, keyType: string) => consumed(gate, request, key, points, keyType, operationName);

  const guesses = passwordGuesses(request, passwordFields);
  if (guesses.length === 0) return undefined;
  // Each aliased copy is one more attempt.
  const perIp = await check(gates.login, `ip:${ip}`, guesses.length, 'login-ip');
  if (perIp) return perIp;
  const accounts = guesses.flatMap((account) => (account ? [account] : []));
  for (const account of new Set(accounts)) {
    const refused = await check(gates.login, `email:${account}`, accounts.filter((a) => a === account).length, 'login-email');
    if (refused) return refused;
  }
  return undefined;
}

/** One entry per password-testing field: the normalised address it tries, or undefined when unknown. */
function passwordGuesses({ schema, document, operation, variables, principal }: RateLimitedOperation, passwordFields: Readonly<Record<string, PasswordAccount>>): (string | undefined)[] {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return [];
  const fields = operationRootFields(operation, document).filter((field) => field.name.value in passwordFields);
  if (fields.length === 0) return [];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  return fields.map((node) => {
    if (passwordFields[node.name.value] === 'caller') return normalise(principal?.email ?? (principal ? `principal:${principal.id}` : undefined));
    const definition = rootType.getFields()[node.name.value];
    // Variables that do not fit their types: the executor refuses the operation before it runs.
    if (!definition || coerced.errors) return undefined;
    try {
      return normalise(emailOf(getArgumentValues(definition, node, coerced.coerced)));
    } catch {
      return undefined;
    }
  });
}

/** The `email` argument, given directly or inside an input object (`input: { email }`). */
function emailOf(args: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(args)) {
    if (name === 'email' && typeof value === 'string') return value;
    if (value && typeof value === 'object' && typeof (value as { email?: unknown }).email === 'string') return (value as { email: string }).email;
  }
  return undefined;
}

function normalise(email: string | undefined): string | undefined {
  return email?.trim().toLowerCase();
}

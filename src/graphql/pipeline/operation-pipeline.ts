import {
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../logging/logger.js';
import { armorValidationRules } from '../armor.js';
import { costLimitError } from '../query-cost.js';
import { DocumentCache, isDocument } from '../document-cache.js';
import { parseFailedError, validationFailed } from './operation-errors.js';
import { passwordGuessRateLimitError, principalRateLimitError, PASSWORD_FIELDS, type OperationRateLimitGates, type PasswordAccount } from './operation-rate-limits.js';
import { nulByteError } from './string-arguments.js';

/** Who sends an operation, as the gates need it. */
export interface OperationCaller {
  readonly principal: { readonly id: string; readonly email?: string | undefined } | null;
  readonly clientIp: string;
  /** The request's logger (it carries the request id); refusals are logged on it. */
  readonly logger: Logger;
  readonly transport: 'http' | 'ws';
}

/** An operation that has been parsed and validated. */
export interface ResolvedOperation extends OperationCaller {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

/** An operation as a client sends it (graphql-ws's subscribe payload, a POST body). */
export interface OperationSource extends OperationCaller {
  readonly schema: GraphQLSchema;
  readonly query: string;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

export interface OperationPipelineOptions {
  readonly config: Pick<Config, 'isProduction' | 'graphql'>;
  readonly gates: OperationRateLimitGates;
  /** Root fields that test a password (default: login, changeOwnPassword). */
  readonly passwordFields?: Readonly<Record<string, PasswordAccount>>;
}

/**
 * Every gate a GraphQL operation passes before it runs, in one place for every transport:
 *
 * 1. parse, with the token limit (`GRAPHQL_MAX_TOKENS`);
 * 2. validate: graphql's rules, GraphQL Armor's depth, alias and directive limits, and no
 *    introspection unless `GRAPHQL_INTROSPECTION` (off in production);
 * 3. admit: the per-principal rate limit, the strict limit on password guesses (`login`,
 *    `changeOwnPassword`, per client IP and per account), NUL characters in strings, then the
 *    cost limit (it needs the variables).
 *
 * Over HTTP every request, valid or not, already counts against the per-IP limit before it reaches
 * GraphQL. A WebSocket carries many operations on one upgrade, so there the per-principal count
 * comes first, before parsing: an operation that fails to parse or validate is counted too.
 *
 * Authentication happens before (the transport finds the principal), permissions during
 * execution (graphql-shield in the schema), and error formatting after (createErrorFormatter):
 * each also the same for HTTP and WebSocket.
 *
 * Over HTTP, Apollo parses and validates with `parseOptions` and `validationRules` from here and
 * calls `admit` from a plugin (apollo-plugin.ts); over WebSocket, graphql-ws's onSubscribe calls
 * `prepare`, which runs all three steps.
 */
export class OperationPipeline {
  readonly #documents = new DocumentCache();
  readonly parseOptions: ParseOptions;
  /** Rules added to graphql's specified rules. */
  readonly validationRules: readonly ValidationRule[];
  private readonly allRules: readonly ValidationRule[];
  private readonly maxCost: number;
  private readonly passwordFields: Readonly<Record<string, PasswordAccount>>;

  constructor(private readonly options: OperationPipelineOptions) {
    const { graphql } = options.config;
    this.parseOptions = { maxTokens: graphql.limits.maxTokens };
    this.validationRules = [...armorValidationRules(options.config), ...(graphql.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
    this.allRules = [...specifiedRules, ...this.validationRules];
    this.maxCost = graphql.limits.maxCost;
    this.passwordFields = options.passwordFields ?? PASSWORD_FIELDS;
  }

  /** The document, or the GRAPHQL_PARSE_FAILED error (a syntax error, or over the token limit). */
  parse(query: string): DocumentNode | GraphQLError {
    try {
      return parse(query, this.parseOptions);
    } catch (error) {
      return parseFailedError(error);
    }
  }

  /** GRAPHQL_VALIDATION_FAILED errors; empty when the document is valid. */
  validate(schema: GraphQLSchema, document: DocumentNode): GraphQLError[] {
    return validationFailed(validate(schema, document, this.allRules));
  }

  /**
   * The gates that need the operation, its variables and its caller. Undefined when it may run;
   * otherwise the refusal (RATE_LIMITED, BAD_USER_INPUT or the cost limit's
   * GRAPHQL_VALIDATION_FAILED). Counts the operation against the caller's limits.
   */
  async admit(request: ResolvedOperation, options: { counted?: boolean } = {}): Promise<GraphQLError | undefined> {
    const operation = getOperationAST(request.document, request.operationName);
    // No operation to run (several and no operationName): the executor answers that, uncounted.
    if (!operation) return undefined;
    const { gates } = this.options;
    const limited =
      (options.counted ? undefined : await principalRateLimitError(gates, request, operation.name?.value ?? null)) ??
      (await passwordGuessRateLimitError(gates, { ...request, operation }, this.passwordFields));
    if (limited) return limited;
    return nulByteError(request.document, request.variables) ?? costLimitError(request, this.maxCost);
  }

  /**
   * Counts, parses, validates and admits (the WebSocket path): the arguments to execute, or the
   * errors to answer with.
   */
  async prepare(source: OperationSource): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const limited = await principalRateLimitError(this.options.gates, source, source.operationName ?? null);
    if (limited) return [limited];
    // Identical texts (every dashboard's subscription) share one parsed, validated document.
    const prepared = this.#documents.get(source.query, () => {
      const parsed = this.parse(source.query);
      if (!('kind' in parsed)) return [parsed];
      const invalid = this.validate(source.schema, parsed);
      return invalid.length > 0 ? invalid : parsed;
    });
    if (!isDocument(prepared)) return prepared;
    const document = prepared;
    const refused = await this.admit({ ...source, document }, { counted: true });
    if (refused) return [refused];
    return {
      schema: source.schema,
      document,
      operationName: source.operationName ?? null,
      variableValues: (source.variables as Record<string, unknown> | null | undefined) ?? null,
    };
  }
}

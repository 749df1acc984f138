import type { GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareTypeMap } from 'graphql-middleware';
import { Role } from '../../entities/roles.js';
import { allow, deny, rule, shield, type ShieldRule } from './graphql-shield.js';
import type { Principal } from './principal.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/** What the rules read from the GraphQL context. */
interface PermissionContext {
  readonly principal: Principal | null;
}

const { ADMIN, ANALYST, VIEWER, INGEST } = Role;

/** The one answer for a refusal: who you are decides the code, never what the field is. */
function refusal(context: PermissionContext): Error {
  return context.principal ? new ForbiddenError('Not allowed') : new UnauthenticatedError('Not authenticated');
}

/** A rule for principals with one of `roles`; anonymous callers get UNAUTHENTICATED, others FORBIDDEN. */
function roles(...allowed: Role[]): ShieldRule {
  return rule(`role:${allowed.join('|')}`, { cache: 'no_cache' })((_parent, _args, context: PermissionContext) =>
    context.principal !== null && allowed.includes(context.principal.role) ? true : refusal(context),
  );
}

const admin = roles(ADMIN);
const analyst = roles(ADMIN, ANALYST);
const viewer = roles(ADMIN, ANALYST, VIEWER);
const anyone = roles(ADMIN, ANALYST, VIEWER, INGEST);
/** Users of the interactive roles: API keys have no password, and INGEST is for machines. */
const passwordOwner = rule('password-owner', { cache: 'no_cache' })((_parent, _args, context: PermissionContext) =>
  context.principal?.kind === 'user' && context.principal.role !== INGEST ? true : refusal(context),
);

/**
 * Every root field and who may call it. A root field missing here is refused (`'*': deny`), so a
 * new query or mutation is closed until someone decides who may use it; the matrix test in
 * test/auth/permissions-matrix.test.ts makes that decision explicit.
 */
export const rootFieldRules: Readonly<Record<'Query' | 'Mutation' | 'Subscription', Readonly<Record<string, ShieldRule>>>> = {
  Query: {
    '*': deny,
    me: anyone,
    serverInfo: viewer,
    reports: viewer,
    report: viewer,
    reportSummary: viewer,
    geoLookup: viewer,
    geoLookups: viewer,
    geoStats: viewer,
    geoHeatmap: viewer,
    mlModels: viewer,
    mlModel: viewer,
    deployedModel: viewer,
    recentAnomalies: viewer,
    users: admin,
    apiKeys: admin,
    // Refused files may hold anything a stranger sent; the mailbox status names the account.
    refusedReports: admin,
    mailboxStatus: admin,
  },
  Mutation: {
    '*': deny,
    login: allow,
    changeOwnPassword: passwordOwner,
    // Machines submit with INGEST keys; administrators may submit by hand.
    ingestReport: roles(ADMIN, INGEST),
    detectAnomalies: analyst,
    trainModel: admin,
    deployModel: admin,
    createUser: admin,
    setUserRole: admin,
    resetUserPassword: admin,
    createApiKey: admin,
    revokeApiKey: admin,
    reingestRefused: admin,
  },
  Subscription: { '*': deny },
};

/**
 * The schema with the rules applied to the root types. Only root fields are wrapped: nested fields
 * are reachable only through an allowed root field, and wrapping them would make every field of
 * every list item an extra async call.
 */
export function withPermissions(schema: GraphQLSchema): GraphQLSchema {
  const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((type) => type != null);
  const ruleTree: Record<string, Record<string, ShieldRule>> = {};
  for (const type of rootTypes) {
    const rules = rootFieldRules[type.name as keyof typeof rootFieldRules];
    const fields = type.getFields();
    // Rules for fields another engineer has not added yet (or has removed) are skipped, since
    // shield refuses rules for fields it cannot find; the matrix test keeps the map honest.
    ruleTree[type.name] = Object.fromEntries(Object.entries(rules).filter(([field]) => field === '*' || field in fields));
  }
  const generator = shield(ruleTree, {
    fallbackRule: deny,
    // Our own errors (NOT_FOUND, BAD_USER_INPUT, …) and unexpected ones reach the error formatter as thrown.
    allowExternalErrors: true,
    fallbackError: (_error, _parent, _args, context) => refusal(context as unknown as PermissionContext),
  });
  const generated = generator.generate(schema) as IMiddlewareTypeMap;
  const rootOnly = Object.fromEntries(rootTypes.map((type) => [type.name, generated[type.name]!]));
  return applyMiddleware(schema, rootOnly);
}

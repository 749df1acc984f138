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

const roleRules = new Map<string, ShieldRule>();

/** A rule for principals with one of `roles`; anonymous callers get UNAUTHENTICATED, others FORBIDDEN. */
function roles(...allowed: Role[]): ShieldRule {
  const name = `role:${allowed.join('|')}`;
  // One rule object per name: shield refuses two different rules with the same name.
  let made = roleRules.get(name);
  if (!made) {
    made = rule(name, { cache: 'no_cache' })((_parent, _args, context: PermissionContext) =>
      context.principal !== null && allowed.includes(context.principal.role) ? true : refusal(context),
    );
    roleRules.set(name, made);
  }
  return made;
}

/** The roles that may read stored reports; INGEST keys submit reports and must not read them back. */
const REPORT_READERS: readonly Role[] = [ADMIN, ANALYST, VIEWER];

/** Whether `principal` may read stored reports (and so learn which stored report a duplicate is). */
export function mayReadReports(principal: Principal | null): boolean {
  return principal !== null && REPORT_READERS.includes(principal.role);
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
    topSenders: viewer,
    mlModels: viewer,
    mlModel: viewer,
    deployedModel: viewer,
    anomalies: viewer,
    alerts: viewer,
    alert: viewer,
    alertCounts: viewer,
    suppressionRules: viewer,
    // Counts for every reader; the reports themselves (personal data) are guarded below (nestedFieldRoles).
    failureReports: viewer,
    failureReport: analyst,
    tlsReports: viewer,
    tlsReport: viewer,
    tlsSummary: viewer,
    tlsDomains: viewer,
    users: admin,
    apiKeys: admin,
    jobs: admin,
    webhooks: admin,
    webhookDeliveries: admin,
    // Refused files may hold anything a stranger sent; the mailbox status names the account.
    refusedReports: admin,
    mailboxStatus: admin,
    senders: viewer,
    sender: viewer,
    senderMapEntries: viewer,
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
    runJob: admin,
    pauseJob: admin,
    resumeJob: admin,
    reingestRefused: admin,
    createWebhook: admin,
    updateWebhook: admin,
    deleteWebhook: admin,
    testWebhook: admin,
    acknowledgeAlert: analyst,
    resolveAlert: analyst,
    suppressAlert: analyst,
    acknowledgeAlerts: analyst,
    resolveAlerts: analyst,
    suppressAlerts: analyst,
    createSuppressionRule: analyst,
    deleteSuppressionRule: analyst,
    // Approvals change what alerts say for everyone; the map names senders for every domain.
    approveSender: admin,
    rejectSender: admin,
    clearSenderApproval: admin,
    annotateSender: admin,
    upsertSenderMapEntry: admin,
    deleteSenderMapEntry: admin,
  },
  Subscription: {
    '*': deny,
    alertRaised: viewer,
    alertUpdated: viewer,
    anomalyDetected: viewer,
  },
};

/**
 * The rule of a subscription field, checked when the subscription starts. (graphql-middleware wraps
 * a subscription field's resolve, which runs for every event, but not its subscribe.) Null when
 * allowed, else the error to answer with.
 */
export async function checkSubscriptionField(field: string, context: PermissionContext): Promise<Error | null> {
  const fieldRule = (rootFieldRules.Subscription[field] ?? deny) as unknown as {
    resolve(parent: unknown, args: unknown, context: unknown, info: unknown, options: unknown): Promise<boolean | Error>;
  };
  const outcome = await fieldRule.resolve(undefined, {}, context, undefined, { debug: false, allowExternalErrors: true });
  if (outcome === true) return null;
  return outcome instanceof Error ? outcome : refusal(context);
}

/**
 * Fields below the root that not every caller of their root field may read, by the roles that
 * may. A root field's rule lets a caller reach everything its type leads to; where that would
 * show more than the role may see, the field gets a rule here. The matrix test walks every type
 * each role can reach and fails on one that is not expected for it.
 */
export const nestedFieldRoles: Readonly<Record<string, Readonly<Record<string, readonly Role[]>>>> = {
  // ingestReport is for INGEST keys too; the stored report (records, a duplicate's stored copy) is for readers.
  IngestedReport: { report: REPORT_READERS },
  IngestedTlsReport: { tlsReport: REPORT_READERS },
  // Failure samples are personal data (RFC 6590): a VIEWER sees how many there are, not what they hold.
  IngestedFailureReport: { failureReport: [ADMIN, ANALYST] },
  FailureReportConnection: { edges: [ADMIN, ANALYST] },
};

/**
 * The schema with the rules applied to the root types and to the types of `nestedFieldRoles`.
 * Other nested fields are not wrapped: they are reachable only through an allowed root field, and
 * wrapping them would make every field of every list item an extra async call.
 */
export function withPermissions(schema: GraphQLSchema): GraphQLSchema {
  const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((type) => type != null);
  const ruleTree: Record<string, Record<string, ShieldRule>> = {};
  // Rules for fields another engineer has not added yet (or has removed) are skipped, since
  // shield refuses rules for fields it cannot find; the matrix test keeps the maps honest.
  const known = (typeName: string, rules: Readonly<Record<string, ShieldRule>>) => {
    const type = schema.getType(typeName);
    const fields = type && 'getFields' in type ? type.getFields() : {};
    return Object.fromEntries(Object.entries(rules).filter(([field]) => field === '*' || field in fields));
  };
  for (const type of rootTypes) ruleTree[type.name] = known(type.name, rootFieldRules[type.name as keyof typeof rootFieldRules]);
  const guardedTypes = Object.keys(nestedFieldRoles).filter((name) => schema.getType(name));
  for (const name of guardedTypes) {
    const rules = Object.fromEntries(Object.entries(nestedFieldRoles[name]!).map(([field, allowed]) => [field, roles(...allowed)]));
    ruleTree[name] = known(name, { '*': allow, ...rules });
  }
  const generator = shield(ruleTree, {
    fallbackRule: deny,
    // Our own errors (NOT_FOUND, BAD_USER_INPUT, …) and unexpected ones reach the error formatter as thrown.
    allowExternalErrors: true,
    fallbackError: (_error, _parent, _args, context) => refusal(context as unknown as PermissionContext),
  });
  const generated = generator.generate(schema) as IMiddlewareTypeMap;
  const guarded = Object.fromEntries([...rootTypes.map((type) => type.name), ...guardedTypes].map((name) => [name, generated[name]!]));
  return applyMiddleware(schema, guarded);
}

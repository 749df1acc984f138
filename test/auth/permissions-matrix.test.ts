import {
  buildSchema,
  execute,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  parse,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Role } from '../../entities/roles.js';
import { nestedFieldRoles, withPermissions } from '../../src/auth/permissions.js';
import { oneRecordReport } from '../fixtures/ingestion/fixtures.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { TEST_PASSWORD, startTestApp, type AsOptions, type TestApp } from '../support/test-app.js';

type Caller = 'anonymous' | 'ADMIN' | 'ANALYST' | 'VIEWER' | 'INGEST';
const callers: readonly Caller[] = ['anonymous', 'ADMIN', 'ANALYST', 'VIEWER', 'INGEST'];
const READERS: readonly Caller[] = ['ADMIN', 'ANALYST', 'VIEWER'];

/**
 * Who may call every root field. A field of the schema missing here fails the test: adding a
 * query or mutation means deciding who may use it (and adding the rule in src/auth/permissions.ts).
 */
const expected: Record<string, readonly Caller[]> = {
  'Query.me': ['ADMIN', 'ANALYST', 'VIEWER', 'INGEST'],
  'Query.serverInfo': READERS,
  'Query.reports': READERS,
  'Query.report': READERS,
  'Query.reportSummary': READERS,
  'Query.geoLookup': READERS,
  'Query.geoLookups': READERS,
  'Query.geoStats': READERS,
  'Query.geoHeatmap': READERS,
  'Query.topSenders': READERS,
  'Query.mlModels': READERS,
  'Query.mlModel': READERS,
  'Query.deployedModel': READERS,
  'Query.anomalies': READERS,
  'Query.alerts': READERS,
  'Query.alert': READERS,
  'Query.alertCounts': READERS,
  'Query.suppressionRules': READERS,
  // Failure samples are personal data: every reader may count them (totalCount), only ANALYST and ADMIN read them.
  'Query.failureReports': READERS,
  'Query.failureReport': ['ADMIN', 'ANALYST'],
  'Query.tlsReports': READERS,
  'Query.tlsReport': READERS,
  'Query.tlsSummary': READERS,
  'Query.tlsDomains': READERS,
  'Query.users': ['ADMIN'],
  'Query.apiKeys': ['ADMIN'],
  'Query.jobs': ['ADMIN'],
  'Query.webhooks': ['ADMIN'],
  'Query.webhookDeliveries': ['ADMIN'],
  'Query.refusedReports': ['ADMIN'],
  'Query.mailboxStatus': ['ADMIN'],
  'Mutation.login': callers,
  'Mutation.changeOwnPassword': READERS,
  'Mutation.ingestReport': ['ADMIN', 'INGEST'],
  'Mutation.detectAnomalies': ['ADMIN', 'ANALYST'],
  'Mutation.trainModel': ['ADMIN'],
  'Mutation.deployModel': ['ADMIN'],
  'Mutation.createUser': ['ADMIN'],
  'Mutation.setUserRole': ['ADMIN'],
  'Mutation.resetUserPassword': ['ADMIN'],
  'Mutation.createApiKey': ['ADMIN'],
  'Mutation.revokeApiKey': ['ADMIN'],
  'Mutation.runJob': ['ADMIN'],
  'Mutation.pauseJob': ['ADMIN'],
  'Mutation.resumeJob': ['ADMIN'],
  'Mutation.createWebhook': ['ADMIN'],
  'Mutation.updateWebhook': ['ADMIN'],
  'Mutation.deleteWebhook': ['ADMIN'],
  'Mutation.testWebhook': ['ADMIN'],
  'Mutation.acknowledgeAlert': ['ADMIN', 'ANALYST'],
  'Mutation.resolveAlert': ['ADMIN', 'ANALYST'],
  'Mutation.suppressAlert': ['ADMIN', 'ANALYST'],
  'Mutation.acknowledgeAlerts': ['ADMIN', 'ANALYST'],
  'Mutation.resolveAlerts': ['ADMIN', 'ANALYST'],
  'Mutation.suppressAlerts': ['ADMIN', 'ANALYST'],
  'Mutation.createSuppressionRule': ['ADMIN', 'ANALYST'],
  'Mutation.deleteSuppressionRule': ['ADMIN', 'ANALYST'],
  'Subscription.alertRaised': READERS,
  'Subscription.alertUpdated': READERS,
  'Subscription.anomalyDetected': READERS,
  'Mutation.reingestRefused': ['ADMIN'],
  'Query.senders': READERS,
  'Query.sender': READERS,
  'Query.senderMapEntries': READERS,
  'Mutation.approveSender': ['ADMIN'],
  'Mutation.rejectSender': ['ADMIN'],
  'Mutation.clearSenderApproval': ['ADMIN'],
  'Mutation.annotateSender': ['ADMIN'],
  'Mutation.upsertSenderMapEntry': ['ADMIN'],
  'Mutation.deleteSenderMapEntry': ['ADMIN'],
};

/** Arguments that make an allowed call harmless and unambiguous (a wrong password would answer UNAUTHENTICATED too). */
const argumentOverrides: Record<string, string> = {
  'Mutation.login': `email: "admin@example.com", password: ${JSON.stringify(TEST_PASSWORD)}`,
  'Mutation.changeOwnPassword': `currentPassword: ${JSON.stringify(TEST_PASSWORD)}, newPassword: ${JSON.stringify(TEST_PASSWORD)}`,
};

/** A literal of `type` that passes validation, so the call reaches the permission check. */
function dummyLiteral(type: GraphQLInputType): string {
  if (isNonNullType(type)) return dummyLiteral(type.ofType);
  if (isListType(type)) return `[${dummyLiteral(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((field) => isNonNullType(field.type) && field.defaultValue === undefined);
    return `{ ${required.map((field) => `${field.name}: ${dummyLiteral(field.type)}`).join(', ')} }`;
  }
  const scalars: Record<string, string> = { Int: '1', Float: '1', Boolean: 'false', DateTimeISO: '"2020-01-01T00:00:00Z"', JSONObject: '{}' };
  return scalars[type.name] ?? '"x"';
}

function operationFor(operation: 'query' | 'mutation', key: string, field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((arg: GraphQLArgument) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const args = argumentOverrides[key] ?? required.map((arg) => `${arg.name}: ${dummyLiteral(arg.type)}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${operation} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

describe('permissions matrix: every root field for every role', () => {
  let t: TestApp;
  const as: Partial<Record<Caller, AsOptions>> = {};

  beforeAll(async () => {
    // The matrix sends a few hundred requests in seconds; rate limits are tested elsewhere.
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '100000', RATE_LIMIT_USER_PER_MINUTE: '100000', LOGIN_RATE_LIMIT_PER_MINUTE: '100000' } });
    as.anonymous = { token: null };
    as.ADMIN = { token: t.adminToken };
    as.ANALYST = { token: await t.userToken(Role.ANALYST) };
    as.VIEWER = { token: await t.userToken(Role.VIEWER) };
    as.INGEST = { apiKey: await t.apiKey(Role.INGEST) };
  });
  afterAll(() => t.close());

  it('has a decision for every root field of the schema', async () => {
    const schema = await buildGraphQLSchema();
    const fields = rootFields(schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()).map(({ key }) => key);
    expect(fields.filter((key) => !(key in expected)), 'root fields without an entry in the expected table').toEqual([]);
  });

  it('allows exactly the expected callers; refuses others with UNAUTHENTICATED (anonymous) or FORBIDDEN', async () => {
    const schema = await buildGraphQLSchema();
    const roots = rootFields(schema.getQueryType(), schema.getMutationType(), null);
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const caller of callers) {
      // One caller at a time, fields in parallel: mutations of different callers never interleave.
      const results = await Promise.all(
        roots.map(async ({ key, operation, field }) => {
          const result = await t.graphql(operationFor(operation, key, field), undefined, as[caller]);
          const code = result.errors?.[0]?.extensions?.code;
          return { key, outcome: code === 'UNAUTHENTICATED' || code === 'FORBIDDEN' ? code : 'allowed' };
        }),
      );
      for (const { key, outcome } of results) {
        outcomes.push(`${key} as ${caller}: ${outcome}`);
        const allowed = expected[key]?.includes(caller) ?? false;
        wanted.push(`${key} as ${caller}: ${allowed ? 'allowed' : caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'}`);
      }
    }
    expect(outcomes).toEqual(wanted);
  });

  it('allows exactly the expected callers to start each subscription over graphql-ws', async () => {
    const schema = await buildGraphQLSchema();
    const fields = Object.keys(schema.getSubscriptionType()?.getFields() ?? {});
    expect(fields.length).toBeGreaterThan(0);
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const caller of callers) {
      const as_ = as[caller]!;
      const params = as_.apiKey ? { apiKey: as_.apiKey } : as_.token ? { token: as_.token } : undefined;
      for (const field of fields) {
        outcomes.push(`Subscription.${field} as ${caller}: ${await subscriptionOutcome(t, params, `subscription { ${field} { __typename } }`)}`);
        const allowed = expected[`Subscription.${field}`]?.includes(caller) ?? false;
        wanted.push(`Subscription.${field} as ${caller}: ${allowed ? 'allowed' : caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'}`);
      }
    }
    expect(outcomes).toEqual(wanted);
  });
});

/**
 * Every object type each restricted caller can reach from the root fields it may call, following
 * every field except those `nestedFieldRoles` closes to it. Readers (VIEWER and up) may read all
 * they can reach; a new type reachable by an INGEST key or anonymously fails here until someone
 * decides it may be (or guards the field that leads to it).
 */
const reachableFor: Partial<Record<Caller, readonly string[]>> = {
  anonymous: ['LoginPayload', 'User'],
  // login is open to every caller: its answer is the caller's own account.
  INGEST: ['IngestReportPayload', 'IngestedReport', 'IngestedFailureReport', 'IngestedTlsReport', 'Me', 'LoginPayload', 'User'],
};

describe('permissions matrix: types reachable through permitted root fields', () => {
  it('lets anonymous callers and INGEST keys reach only the types expected for them, nested fields included', async () => {
    const schema = await buildGraphQLSchema();
    for (const [caller, wanted] of Object.entries(reachableFor)) {
      const reached = reachableTypes(schema.getQueryType(), schema.getMutationType(), caller as Caller);
      expect([...reached].sort(), caller).toEqual([...wanted].sort());
    }
  });

  it('refuses an INGEST key the stored report behind a duplicate (its id too), and gives it status and its own counts', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_USER_PER_MINUTE: '100000' } });
    try {
      const ingest = { apiKey: await t.apiKey(Role.INGEST) };
      const content = oneRecordReport({ sourceIp: '198.51.100.9' }).replace('<report_id>t-1</report_id>', '<report_id>leak-1</report_id>');
      const query = `mutation($content: String!) { ingestReport(content: $content) {
        reports { status id reportId orgName policyDomain recordCount messageCount report { extraContactInfo records { sourceIp } } } } }`;
      // An administrator stores it first; the key then submits the same report.
      expect((await t.graphql(query, { content })).errors).toBeUndefined();
      const duplicate = await t.graphql<{ ingestReport: { reports: Record<string, unknown>[] } }>(query, { content }, ingest);
      expect(duplicate.data?.ingestReport.reports).toEqual([
        { status: 'DUPLICATE', id: null, reportId: 'leak-1', orgName: 'Tester', policyDomain: 'example.com', recordCount: 1, messageCount: 1, report: null },
      ]);
      expect(duplicate.errors?.map((error) => [error.path?.join('.'), error.extensions?.code])).toEqual([['ingestReport.reports.0.report', 'FORBIDDEN']]);
      // Readers still get the report.
      const asAdmin = await t.graphql<{ ingestReport: { reports: { report: { records: unknown[] } }[] } }>(query, { content });
      expect(asAdmin.data?.ingestReport.reports[0]?.report.records).toEqual([{ sourceIp: '198.51.100.9' }]);
    } finally {
      await t.close();
    }
  });
});

describe('permissions matrix: failure samples are personal data', () => {
  it('lets every reader count failure reports, and only ANALYST and ADMIN read them', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_USER_PER_MINUTE: '100000' } });
    try {
      const { arfReport } = await import('../fixtures/report-kinds.js');
      const stored = await t.graphql<{ ingestReport: { failureReports: { id: string }[] } }>(
        'mutation($c: String!) { ingestReport(content: $c, encoding: BASE64) { failureReports { id } } }', { c: arfReport().toString('base64') },
      );
      const id = stored.data!.ingestReport.failureReports[0]!.id;
      const as: Record<Exclude<Caller, 'anonymous'>, AsOptions> = {
        ADMIN: { token: t.adminToken },
        ANALYST: { token: await t.userToken(Role.ANALYST) },
        VIEWER: { token: await t.userToken(Role.VIEWER) },
        INGEST: { apiKey: await t.apiKey(Role.INGEST) },
      };
      const outcomes: Record<string, unknown> = {};
      for (const [caller, who] of Object.entries(as)) {
        const code = async (query: string) => (await t.graphql(query, { id }, who)).errors?.[0]?.extensions?.code ?? 'allowed';
        outcomes[caller] = {
          count: await code('{ failureReports { totalCount } }'),
          reports: await code('{ failureReports { edges { node { id sample { subject } } } } }'),
          one: await code('query($id: ID!) { failureReport(id: $id) { sample { subject } } }'),
        };
      }
      expect(outcomes).toEqual({
        ADMIN: { count: 'allowed', reports: 'allowed', one: 'allowed' },
        ANALYST: { count: 'allowed', reports: 'allowed', one: 'allowed' },
        VIEWER: { count: 'allowed', reports: 'FORBIDDEN', one: 'FORBIDDEN' },
        INGEST: { count: 'FORBIDDEN', reports: 'FORBIDDEN', one: 'FORBIDDEN' },
      });
    } finally {
      await t.close();
    }
  });
});

function reachableTypes(query: GraphQLObjectType | null | undefined, mutation: GraphQLObjectType | null | undefined, caller: Caller): Set<string> {
  const reached = new Set<string>();
  const visit = (type: GraphQLNamedType) => {
    if (reached.has(type.name)) return;
    const possible = isUnionType(type) ? type.getTypes() : [];
    if (!isObjectType(type) && !isInterfaceType(type)) return possible.forEach(visit);
    reached.add(type.name);
    for (const field of Object.values(type.getFields())) {
      const allowed = nestedFieldRoles[type.name]?.[field.name];
      if (allowed && (caller === 'anonymous' || !allowed.includes(caller as Role))) continue;
      visit(getNamedType(field.type));
    }
  };
  for (const { key, field } of rootFields(query, mutation, null)) {
    if (expected[key]?.includes(caller)) visit(getNamedType(field.type));
  }
  return reached;
}

/** Started (the hub counts one more subscriber), refused with a code, or the socket closed at connect (anonymous). */
async function subscriptionOutcome(t: TestApp, connectionParams: Record<string, unknown> | undefined, query: string): Promise<string> {
  const hub = t.app.services.subscriptions;
  // The previous caller's subscription has left: counting from 0 is unambiguous.
  for (let waited = 0; hub.subscriberCount > 0 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  const before = hub.subscriberCount;
  const client = createClient({ url: `${t.app.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, ...(connectionParams ? { connectionParams } : {}), lazy: false, retryAttempts: 0, onNonLazyError: () => {} });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string>((resolve) => {
      const started = Date.now();
      timer = setInterval(() => {
        if (hub.subscriberCount > before) resolve('allowed');
        else if (Date.now() - started > 5_000) resolve('no answer within 5 s');
      }, 10);
      client.on('closed', (event) => {
        if ((event as { code?: number }).code === 4403) resolve('UNAUTHENTICATED');
      });
      client.subscribe({ query }, {
        next: (value) => resolve(String(value.errors?.[0]?.extensions?.code ?? 'data')),
        error: (error) => resolve(String((error as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? error)),
        complete: () => {},
      });
    });
  } finally {
    clearInterval(timer);
    await client.dispose();
  }
}

describe('deny by default', () => {
  it('refuses a root field without a rule, even to an ADMIN', async () => {
    const schema = withPermissions(buildSchema('type Query { me: String, brandNew: String } type Mutation { brandNewMutation: String }'));
    const rootValue = { me: 'me', brandNew: 'secret', brandNewMutation: 'done' };
    const contextValue = { principal: { kind: 'user', id: 'u1', role: Role.ADMIN } };
    const query = await execute({ schema, document: parse('{ me brandNew }'), rootValue, contextValue });
    expect(query.data).toEqual({ me: 'me', brandNew: null });
    expect(query.errors?.map((e) => [e.path?.join('.'), (e.originalError as { code?: string }).code])).toEqual([['brandNew', 'FORBIDDEN']]);
    const mutation = await execute({ schema, document: parse('mutation { brandNewMutation }'), rootValue, contextValue: { principal: null } });
    expect((mutation.errors?.[0]?.originalError as { code?: string }).code).toBe('UNAUTHENTICATED');
  });
});

interface RootField {
  readonly key: string;
  readonly operation: 'query' | 'mutation';
  readonly field: GraphQLField<unknown, unknown>;
}

function rootFields(query: GraphQLObjectType | null | undefined, mutation: GraphQLObjectType | null | undefined, subscription: GraphQLObjectType | null | undefined): RootField[] {
  const of = (type: GraphQLObjectType | null | undefined, operation: 'query' | 'mutation'): RootField[] =>
    type ? Object.values(type.getFields()).map((field) => ({ key: `${type.name}.${field.name}`, operation, field })) : [];
  // Subscription fields are listed for the table check; they are not executed over HTTP.
  return [...of(query, 'query'), ...of(mutation, 'mutation'), ...of(subscription, 'query')];
}

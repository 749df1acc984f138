import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('anomaly GraphQL API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Traffic up to today: the API's windows end today.
    await loadTraffic(t.app.dependencies.database.orm.em.fork(), generateTraffic({ seed: 3, days: 30, campaign: { ips: 20 } }));
  });
  afterAll(() => t.close());

  it('answers NO_DEPLOYED_MODEL and an empty deployedModel before any deployment', async () => {
    const detect = await t.graphql('mutation { detectAnomalies { scoredCount } }');
    expect(detect.errors?.[0]?.extensions?.code).toBe('NO_DEPLOYED_MODEL');
    const deployed = await t.graphql<{ deployedModel: null }>('{ deployedModel { id } }');
    expect(deployed.data?.deployedModel).toBeNull();
  });

  it('rejects bad training parameters and unknown model ids with BAD_USER_INPUT', async () => {
    const train = await t.graphql('mutation { trainModel(input: { contamination: 0.9 }) { id } }');
    expect(train.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const deploy = await t.graphql('mutation { deployModel(modelId: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(deploy.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const missing = await t.graphql('{ mlModel(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('trains, lists, deploys, detects and lists recent anomalies', async () => {
    const trained = await t.graphql<{ trainModel: { id: string; modelType: string; sampleCount: number; deployed: boolean; threshold: number } }>(
      'mutation { trainModel(input: { modelType: ISOLATION_FOREST, days: 28, contamination: 0.05, nEstimators: 50, maxSamples: 128, seed: 5 }) { id modelType sampleCount deployed threshold featureNames } }',
    );
    expect(trained.errors).toBeUndefined();
    const model = trained.data!.trainModel;
    expect(model).toMatchObject({ modelType: 'ISOLATION_FOREST', deployed: false });
    expect(model.sampleCount).toBeGreaterThanOrEqual(100);

    const list = await t.graphql<{ mlModels: { totalCount: number; edges: { node: { id: string } }[] } }>('{ mlModels(first: 5) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }');
    expect(list.data?.mlModels.totalCount).toBe(1);
    expect(list.data?.mlModels.edges[0]?.node.id).toBe(model.id);

    const deployed = await t.graphql<{ deployModel: { deployed: boolean } }>('mutation($id: ID!) { deployModel(modelId: $id) { id deployed deployedAt } }', { id: model.id });
    expect(deployed.data?.deployModel.deployed).toBe(true);

    const detected = await t.graphql<{ detectAnomalies: { scoredCount: number; newCount: number; anomalies: { kind: string; sourceIp: string; score: number; anomalyScore: number; explanation: string; policyDomains: string[] }[] } }>(
      'mutation { detectAnomalies(input: { days: 7, threshold: -0.5 }) { scoredCount threshold newCount anomalies { kind sourceIp domain policyDomains score anomalyScore explanation details features geolocation { countryCode } } } }',
    );
    expect(detected.errors).toBeUndefined();
    const result = detected.data!.detectAnomalies;
    expect(result.scoredCount).toBeGreaterThan(100);
    const modelAnomalies = result.anomalies.filter((a) => a.kind === 'MODEL');
    expect(modelAnomalies.length).toBeGreaterThan(0);
    expect(modelAnomalies.every((a) => a.score < -0.5 && a.anomalyScore === -a.score)).toBe(true);
    expect(modelAnomalies[0]!.explanation).toMatch(/against a median of/);

    // The stored anomalies, page by page: those of this run at least as strong as minScore, with kinds narrowing it.
    const strong = result.anomalies.filter((a) => a.anomalyScore >= 0.5).length;
    type AnomalyPage = { anomalies: { totalCount: number; edges: { cursor: string; node: { kind: string; sourceIp: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const query = 'query($after: String, $filter: AnomalyFilter) { anomalies(first: 7, after: $after, filter: $filter) { totalCount edges { cursor node { kind sourceIp } } pageInfo { hasNextPage endCursor } } }';
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { data?: AnomalyPage | null; errors?: unknown } = await t.graphql<AnomalyPage>(query, { after, filter: { minScore: 0.5 } });
      expect(page.errors).toBeUndefined();
      expect(page.data!.anomalies.totalCount).toBe(strong);
      seen.push(...page.data!.anomalies.edges.map((edge) => `${edge.node.kind} ${edge.node.sourceIp}`));
      after = page.data!.anomalies.pageInfo.hasNextPage ? page.data!.anomalies.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(strong);
    expect(new Set(seen).size).toBe(seen.length);
    const models = await t.graphql<AnomalyPage>(query, { filter: { kinds: ['MODEL'] } });
    expect(models.data!.anomalies.totalCount).toBe(modelAnomalies.length);
    expect(models.data!.anomalies.edges.every((edge) => edge.node.kind === 'MODEL')).toBe(true);
    const badCursor = await t.graphql(query, { after: 'not-a-cursor' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import { generateTraffic, loadTraffic } from '../../src/anomaly-detection/traffic/index.js';
import { NOW, startAnomalyHarness, type AnomalyHarness } from './anomaly-harness.js';

const CAMPAIGN_IPS = 40;

describe('anomaly model service', () => {
  let h: AnomalyHarness;
  let campaignIps: string[];
  beforeAll(async () => {
    h = await startAnomalyHarness();
    const traffic = generateTraffic({ seed: 7, days: 45, endDate: NOW, campaign: { ips: CAMPAIGN_IPS, withinLastDays: 5 } });
    campaignIps = traffic.campaignIps;
    await loadTraffic(h.em(), traffic);
  });
  afterAll(() => h.close());

  it('refuses to train on fewer than 100 source IPs and says how many it found', async () => {
    const error = await h.service.train({ days: 1 }, new Date('2026-01-01T00:00:00Z')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INSUFFICIENT_TRAINING_DATA', found: 0, required: 100, httpStatus: 422, exitCode: 65 });
  });

  it.each([
    [{ contamination: 0 }, 'contamination'],
    [{ contamination: 0.6 }, 'contamination'],
    [{ contamination: -0.1 }, 'contamination'],
    [{ nEstimators: 0 }, 'nEstimators'],
    [{ nEstimators: -3 }, 'nEstimators'],
    [{ maxSamples: 0 }, 'maxSamples'],
    [{ days: 0 }, 'days'],
    [{ days: -7 }, 'days'],
  ])('rejects %o as BAD_USER_INPUT', async (options, field) => {
    const error = await h.service.train(options, NOW).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((error as Error).message).toContain(field);
  });

  it('needs a deployed model to detect', async () => {
    await expect(h.service.detect({}, NOW)).rejects.toMatchObject({ code: 'NO_DEPLOYED_MODEL' });
  });

  it('trains and stores the model with its parameters, threshold and sample count', async () => {
    const model = await h.service.train({ days: 45, contamination: 0.05, nEstimators: 50, maxSamples: 128, seed: 11 }, NOW);
    const [row] = await h.rows<Record<string, unknown>>('SELECT * FROM ml_models WHERE id = ?', [model.id]);
    expect(row).toMatchObject({ model_type: 'ISOLATION_FOREST', deployed: false, threshold: model.threshold, });
    // Rows are (IP, 7-day window) pairs over the 6 whole weeks of the 45 days.
    const [expected] = await h.rows<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT DISTINCT source_ip, ceil(extract(epoch FROM ('2026-04-01'::timestamptz - date_begin)) / (7 * 86400))
       FROM dmarc_records WHERE date_begin >= '2026-04-01'::timestamptz - interval '42 days') x`,
    );
    expect(row!.sample_count).toBe(Number(expected!.n));
    expect(row!.parameters).toMatchObject({ days: 45, contamination: 0.05, nEstimators: 50, maxSamples: 128, seed: 11 });
    expect(row!.feature_names).toEqual(model.featureNames);
    expect(Object.keys(row!.feature_stats as object).sort()).toEqual([...model.featureNames].sort());
    expect((row!.score_distribution as { quantiles: Record<string, number> }).quantiles['0.5']).toBeLessThan(0);
    expect(model.threshold).toBeLessThan(0);
    expect((row!.model_data as Buffer).length).toBeGreaterThan(1000);
  });

  it('gives the same model bytes for the same seed', async () => {
    const a = await h.service.train({ days: 30, nEstimators: 20, seed: 99 }, NOW);
    const b = await h.service.train({ days: 30, nEstimators: 20, seed: 99 }, NOW);
    const rows = await h.rows<{ id: string; model_data: Buffer }>('SELECT id, model_data FROM ml_models WHERE id IN (?, ?)', [a.id, b.id]);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.model_data.equals(rows[1]!.model_data)).toBe(true);
    expect(a.threshold).toBe(b.threshold);
  });

  it('lists models newest first, keeps exactly one deployed and rejects an unknown id', async () => {
    // Counted from what is stored now, so the test does not depend on what earlier tests trained.
    const before = (await h.service.list({ first: 1 })).totalCount;
    const trained = [];
    for (const seed of [21, 22, 23]) trained.push(await h.service.train({ days: 30, nEstimators: 10, seed }, NOW));
    const page = await h.service.list({ first: 2 });
    expect(page.totalCount).toBe(before + 3);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges.map((e) => e.node.id)).toEqual([trained[2]!.id, trained[1]!.id]);
    const next = await h.service.list({ first: 2, after: page.pageInfo.endCursor });
    expect(next.edges[0]?.node.id).toBe(trained[0]!.id);
    const [first, second] = page.edges.map((e) => e.node.id);
    await h.service.deploy(first!);
    const deployed = await h.service.deploy(second!);
    expect(deployed).toMatchObject({ id: second, deployed: true });
    const rows = await h.rows<{ id: string }>('SELECT id FROM ml_models WHERE deployed');
    expect(rows.map((r) => r.id)).toEqual([second]);
    expect((await h.service.deployed())?.id).toBe(second);
    await expect(h.service.deploy('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(h.service.deploy('nope')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await h.rows('SELECT id FROM ml_models WHERE deployed')).length).toBe(1);
    await expect(h.service.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds the planted campaign: its IPs fill at least 90% of the top-k anomalies', async () => {
    const model = await h.service.train({ days: 45, seed: 1 }, NOW);
    await h.service.deploy(model.id);
    const result = await h.service.detect({ days: 7, threshold: -0.3 }, NOW);
    const modelAnomalies = result.anomalies.filter((a) => a.kind === 'MODEL');
    const topK = modelAnomalies.slice(0, CAMPAIGN_IPS).map((a) => a.sourceIp);
    const campaign = new Set(campaignIps);
    expect(topK.length).toBe(CAMPAIGN_IPS);
    expect(topK.filter((ip) => campaign.has(ip)).length).toBeGreaterThanOrEqual(0.9 * CAMPAIGN_IPS);
    const top = modelAnomalies[0]!;
    expect(top.reasons).toHaveLength(3);
    expect(top.reasons.join(' ')).toMatch(/against a median of/);
    expect(top.policyDomains).toEqual(['example.com']);
  });

  it('stores detections once: a re-run updates rows and announces nothing new', async () => {
    const heard: AnomalyView[] = [];
    // Its own deployed model and an empty store: nothing here depends on earlier tests.
    await h.service.deploy((await h.service.train({ days: 45, nEstimators: 50, seed: 3 }, NOW)).id);
    await h.rows('DELETE FROM ml_predictions');
    const unsubscribe = h.events.on('detectionFinished', 'test: heard', ({ fresh }) => void heard.push(...fresh));
    const first = await h.service.detect({}, NOW);
    const count = async () => Number((await h.rows<{ n: string }>('SELECT count(*) AS n FROM ml_predictions'))[0]!.n);
    const stored = await count();
    expect(first.anomalies.length).toBeGreaterThan(0);
    expect(stored).toBe(first.anomalies.length);
    expect(first.newCount).toBe(first.anomalies.length);
    expect(heard).toHaveLength(first.anomalies.length);

    const again = await h.service.detect({}, NOW);
    expect(await count()).toBe(stored);
    expect(again.newCount).toBe(0);
    expect(heard).toHaveLength(first.anomalies.length);
    unsubscribe();

    const nodes = async (filter: Parameters<typeof h.service.anomalies>[0]) => (await h.service.anomalies(filter, { first: 500 })).edges.map((edge) => edge.node);
    expect(await nodes({ minScore: 0 })).toHaveLength(stored);
    const forDomain = await nodes({ domain: 'example.com' });
    expect(forDomain.length).toBeGreaterThan(0);
    expect(forDomain.every((a) => a.policyDomains.includes('example.com'))).toBe(true);
    const strong = await nodes({ minScore: 0.9 });
    expect(strong.every((a) => -a.score >= 0.9)).toBe(true);

    // Pages of 2 walk the same list in the same order, whatever ties created_at and score have.
    const all = await nodes({});
    const walked: typeof all = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof h.service.anomalies>> = await h.service.anomalies({}, { first: 2, after });
      expect(page.totalCount).toBe(all.length);
      walked.push(...page.edges.map((edge) => edge.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(walked.map((a) => [a.kind, a.sourceIp, a.domain])).toEqual(all.map((a) => [a.kind, a.sourceIp, a.domain]));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface ModelNode {
  id: string;
  deployed: boolean;
  deployDecision: { deployed: boolean; reason: string; checks: { name: string; passed: boolean; detail: string }[] } | null;
}

describe('auto-deploy of the weekly model', { timeout: 60_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ANOMALY_TRAINING_DAYS: '7' } });
  });
  afterAll(() => t?.close());

  it('refuses a model whose scores cannot rank anyone, keeps it listed, and lets an admin deploy it by hand', async () => {
    const conn = t.app.dependencies.database.orm.em.fork().getConnection();
    // 150 senders that behave exactly alike every day of the one-week training window: every sender scores the same.
    await conn.execute(`
      with reports as (
        insert into dmarc_reports (schema_version, org_name, report_id, date_begin, date_end, policy_domain, policy_p)
        select '1.0', 'reporter.example', 'same-' || d, date_trunc('day', now()) - d * interval '1 day', date_trunc('day', now()) - (d - 1) * interval '1 day' - interval '1 second', 'example.com', 'reject'
        from generate_series(0, 6) d
        returning id, date_begin)
      insert into dmarc_records (report_id, source_ip, count, disposition, dkim_aligned, spf_aligned, header_from, policy_domain, date_begin)
      select r.id, ('203.0.113.' || i)::inet, 10, 'none', 'pass', 'pass', 'example.com', 'example.com', r.date_begin
      from reports r cross join generate_series(1, 150) i`);
    const outcome = await t.app.services.jobs.runHere('train-anomaly-model-weekly');
    expect(outcome.result).toMatchObject({ trained: true, deployed: false });

    const list = await t.graphql<{ mlModels: { edges: { node: ModelNode }[] }; deployedModel: { id: string } | null }>(
      `{ mlModels(first: 5) { edges { node { id deployed deployDecision { deployed reason checks { name passed detail } } } } } deployedModel { id } }`,
    );
    const [model] = list.data!.mlModels.edges.map((e) => e.node);
    expect(list.data!.deployedModel).toBeNull();
    expect(model).toMatchObject({ deployed: false, deployDecision: { deployed: false } });
    const checks = Object.fromEntries(model!.deployDecision!.checks.map((c) => [c.name, c]));
    expect(checks['enough-samples']).toMatchObject({ passed: true, detail: expect.stringMatching(/^\d+ training samples \(at least 100 needed\)$/) });
    expect(checks['score-distribution']).toMatchObject({ passed: false, detail: expect.stringMatching(/^5th-95th percentile spread 0\.0000/) });
    expect(model!.deployDecision!.reason).toMatch(/^not deployed: .*score-distribution/);

    const deployed = await t.graphql<{ deployModel: { id: string; deployed: boolean } }>(`mutation($id: ID!) { deployModel(modelId: $id) { id deployed } }`, { id: model!.id });
    expect(deployed.data!.deployModel).toEqual({ id: model!.id, deployed: true });
  });
});

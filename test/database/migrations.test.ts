import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DmarcReport, MlModel } from '../../entities/index.js';
import { applyPendingMigrations } from '../../src/database/migrate.js';
import { silentLogger } from '../support/silent-logger.js';
import { openTestOrm, type TestOrm } from '../support/test-orm.js';

describe('migrations', () => {
  let t: TestOrm;
  let orm: MikroORM;
  beforeAll(async () => {
    t = await openTestOrm();
    orm = t.orm;
  });
  afterAll(() => t.close());

  it('leave nothing pending and running them again changes nothing', async () => {
    expect(await orm.migrator.getPending()).toEqual([]);
    expect(await applyPendingMigrations(orm, silentLogger)).toMatchObject({ applied: [] });
  });

  it('match the entities exactly (an entity change without a migration fails here)', async () => {
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('store a report once per reporter org, report id and policy domain', async () => {
    const em = orm.em.fork();
    const report = (reportId: string) =>
      em.create(DmarcReport, {
        schemaVersion: 'rfc7489', orgName: 'google.com', reportId, dateBegin: new Date('2026-11-01T00:00:00Z'),
        dateEnd: new Date('2026-11-02T00:00:00Z'), policyDomain: 'example.com', policyP: 'reject',
      });
    report('r-1');
    await em.flush();
    em.clear();
    report('r-1');
    await expect(em.flush()).rejects.toThrow(/dmarc_reports_identity_unique/);
  });

  it('allow only one deployed model', async () => {
    const em = orm.em.fork();
    const model = () =>
      em.create(MlModel, {
        modelType: 'ISOLATION_FOREST', parameters: {}, featureNames: [], featureStats: {}, scoreDistribution: {},
        threshold: -0.5, sampleCount: 100, trainingMs: 1, modelData: Buffer.from([1]), deployed: true,
      });
    model();
    await em.flush();
    model();
    await expect(em.flush()).rejects.toThrow(/ml_models_one_deployed/);
  });
});

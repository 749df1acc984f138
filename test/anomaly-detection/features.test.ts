import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeatures, featureObject } from '../../src/anomaly-detection/features/compute-features.js';
import { FEATURE_NAMES } from '../../src/anomaly-detection/features/feature-definitions.js';
import { lastDays } from '../../src/anomaly-detection/day-windows.js';
import { insertReport, NOW, startAnomalyHarness, type AnomalyHarness } from './anomaly-harness.js';

describe('per-IP features computed in SQL', () => {
  let h: AnomalyHarness;
  beforeAll(async () => {
    h = await startAnomalyHarness();
    // Window: the 4 days 2026-03-28 .. 2026-03-31. Previous window: 2026-03-24 .. 2026-03-27.
    await insertReport(h, { org: 'google.com', domain: 'example.com', day: '2026-03-29' }, [
      { ip: '192.0.2.1', count: 60, dkim: 'pass', spf: 'pass' },
      { ip: '192.0.2.1', count: 20, dkim: 'pass', spf: 'fail' },
      { ip: '198.51.100.7', count: 30, dkim: 'fail', spf: 'fail', disposition: 'reject', headerFrom: 'login.example.com' },
    ]);
    await insertReport(h, { org: 'Yahoo', domain: 'example.org', day: '2026-03-31' }, [
      { ip: '192.0.2.1', count: 20, dkim: 'fail', spf: 'fail', disposition: 'quarantine', headerFrom: 'example.org' },
      { ip: '198.51.100.7', count: 10, dkim: 'fail', spf: 'fail', disposition: 'none', headerFrom: 'example.com' },
    ]);
    await insertReport(h, { org: 'google.com', domain: 'example.com', day: '2026-03-25' }, [{ ip: '192.0.2.1', count: 9, dkim: 'pass', spf: 'pass' }]);
    // Outside both windows: must not count.
    await insertReport(h, { org: 'google.com', domain: 'example.com', day: '2026-03-01' }, [{ ip: '192.0.2.1', count: 1000, dkim: 'pass', spf: 'pass' }]);
  });
  afterAll(() => h.close());

  it('computes every feature of every IP in the window', async () => {
    const features = await computeFeatures(h.em(), lastDays(4, NOW));
    expect(features.featureNames).toEqual(FEATURE_NAMES);
    expect(features.ips).toEqual(['192.0.2.1', '198.51.100.7']);
    const legit = featureObject(FEATURE_NAMES, features.matrix[0]!);
    // 192.0.2.1: 100 messages in 3 records over 2 reports (2 reporters), 2 header-from domains, 2 policy domains,
    // 80 pass DMARC (60 both, 20 DKIM only), 60 aligned SPF, 80 aligned DKIM, 20 quarantined, 20 forwarded,
    // active on 2 of 4 days, 9 messages in the previous window.
    expect(legit.log_volume).toBeCloseTo(Math.log1p(100), 10);
    expect(legit.log_reports).toBeCloseTo(Math.log1p(2), 10);
    expect(legit.distinct_reporters).toBe(2);
    expect(legit.distinct_header_from).toBe(2);
    expect(legit.distinct_policy_domains).toBe(2);
    expect(legit.dmarc_pass_rate).toBeCloseTo(0.8, 10);
    expect(legit.spf_aligned_pass_rate).toBeCloseTo(0.6, 10);
    expect(legit.dkim_aligned_pass_rate).toBeCloseTo(0.8, 10);
    expect(legit.quarantine_reject_share).toBeCloseTo(0.2, 10);
    expect(legit.forwarder_share).toBeCloseTo(0.2, 10);
    expect(legit.active_days_share).toBeCloseTo(0.5, 10);
    expect(legit.volume_change_log).toBeCloseTo(Math.log1p(100) - Math.log1p(9), 10);

    const spoofer = featureObject(FEATURE_NAMES, features.matrix[1]!);
    expect(spoofer).toEqual({
      log_volume: expect.closeTo(Math.log1p(40), 10),
      log_reports: expect.closeTo(Math.log1p(2), 10),
      distinct_reporters: 2,
      distinct_header_from: 2,
      distinct_policy_domains: 2,
      dmarc_pass_rate: 0,
      spf_aligned_pass_rate: 0,
      dkim_aligned_pass_rate: 0,
      quarantine_reject_share: 0.75,
      forwarder_share: 0,
      active_days_share: 0.5,
      volume_change_log: expect.closeTo(Math.log1p(40), 10),
    });
    expect(features.policyDomains).toEqual([['example.com', 'example.org'], ['example.com', 'example.org']]);
  });

  it('with a domain, keeps the IPs that sent for it (with all their traffic)', async () => {
    await insertReport(h, { org: 'GMX', domain: 'example.net', day: '2026-03-30' }, [{ ip: '203.0.113.5', count: 4, dkim: 'pass', spf: 'pass' }]);
    const features = await computeFeatures(h.em(), lastDays(4, NOW), 'EXAMPLE.NET');
    expect(features.ips).toEqual(['203.0.113.5']);
    expect(featureObject(FEATURE_NAMES, features.matrix[0]!).log_volume).toBeCloseTo(Math.log1p(4), 10);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { ReportIngestionService } from '../../src/ingestion/storage/index.js';
import { silentLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { datedReport } from '../support/dated-report.js';

const QUERY = `{ geoHeatmap(days: 7) {
  fromCache totalMessages countries { countryCode messages }
  points { count countryCode city latitude longitude messages ips }
} }`;

interface Points {
  count: number;
  countryCode: (string | null)[];
  city: (string | null)[];
  latitude: number[];
  longitude: number[];
  messages: number[];
  ips: number[];
}
interface Answer {
  geoHeatmap: { fromCache: boolean; totalMessages: number; countries: { countryCode: string; messages: number }[]; points: Points };
}

describe('geoHeatmap over GraphQL', () => {
  let t: TestApp;
  let viewerKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    viewerKey = await t.apiKey(Role.VIEWER);
    const ingestion = new ReportIngestionService(t.app.dependencies.database.orm.em, silentLogger);
    const report = datedReport({
      org: 'Tester', id: 'map-1', domain: 'example.com', begin: new Date(Date.now() - 86_400_000),
      records: [
        { ip: '81.2.69.142', count: 50, dkim: 'pass', spf: 'pass' },
        { ip: '81.2.69.142', count: 10, dkim: 'fail', spf: 'fail' },
        { ip: '223.5.5.5', count: 30, dkim: 'pass', spf: 'fail' },
        { ip: '8.8.8.8', count: 100, dkim: 'pass', spf: 'pass' },
        { ip: '10.1.2.3', count: 7, dkim: 'fail', spf: 'fail' },
      ],
    });
    await ingestion.ingestBuffer(report, 'map-1.xml');
  });
  afterAll(() => t.close());

  const ask = async () => {
    const response = await fetch(`${t.app.url}/graphql`, { method: 'POST', headers: t.headersFor({ apiKey: viewerKey }), body: JSON.stringify({ query: QUERY }) });
    return { response, body: (await response.json()) as { data?: Answer; errors?: unknown[] } };
  };

  it('sends the map points as parallel columns, most messages first', async () => {
    const { body } = await ask();
    expect(body.errors).toBeUndefined();
    const { points, totalMessages, fromCache } = body.data!.geoHeatmap;
    expect({ totalMessages, fromCache }).toEqual({ totalMessages: 197, fromCache: false });
    // One point per located city or cell; the reserved address has no coordinates.
    expect(points.count).toBe(3);
    for (const column of [points.countryCode, points.city, points.latitude, points.longitude, points.messages, points.ips]) expect(column).toHaveLength(3);
    expect(points.messages).toEqual([100, 60, 30]);
    expect(points.countryCode).toEqual(['US', 'GB', 'CN']);
    expect(points.city).toEqual([null, 'Gamlingay', 'Hangzhou']);
    expect(points.ips).toEqual([1, 1, 1]);
    // 8.8.8.8 has no city: a 0.1° cell at its coordinates.
    expect([points.latitude[0], points.longitude[0]]).toEqual([37.751, -97.822]);
    expect(points.latitude.every((value) => typeof value === 'number' && Math.abs(value) <= 90)).toBe(true);
  });

  it('answers from the cache with the same points, and no proxy may store the answer', async () => {
    const first = await ask();
    const second = await ask();
    expect(second.body.data!.geoHeatmap.fromCache).toBe(true);
    expect(second.body.data!.geoHeatmap.points).toEqual(first.body.data!.geoHeatmap.points);
    expect(second.response.headers.get('cache-control')).toBe('no-store');
  });

  it('lists the top senders of a clicked country, with their failures, and refuses a bad country code', async () => {
    const ask = async (query: string) => {
      const response = await fetch(`${t.app.url}/graphql`, { method: 'POST', headers: t.headersFor({ apiKey: viewerKey }), body: JSON.stringify({ query }) });
      return (await response.json()) as { data?: { topSenders: { sourceIp: string; messages: number; dmarcFailures: number; dmarcFailureRate: number; domains: string[] }[] }; errors?: { extensions: { code: string } }[] };
    };
    const heatmap = (await ask('{ geoHeatmap(days: 7) { countries { countryCode messages } } }')) as unknown as { data: { geoHeatmap: { countries: { countryCode: string; messages: number }[] } } };
    for (const country of heatmap.data.geoHeatmap.countries) {
      const body = await ask(`{ topSenders(countryCode: "${country.countryCode.toLowerCase()}", days: 7) { sourceIp messages dmarcFailures dmarcFailureRate domains } }`);
      expect(body.errors).toBeUndefined();
      // The senders of a country add up to the country's messages on the heatmap.
      expect(body.data!.topSenders.reduce((sum, s) => sum + s.messages, 0)).toBe(country.messages);
    }
    const us = await ask('{ topSenders(countryCode: "US", days: 7) { sourceIp messages dmarcFailures domains } }');
    expect(us.data!.topSenders).toEqual([{ sourceIp: '8.8.8.8', messages: 100, dmarcFailures: 0, domains: ['example.com'] }]);
    const mixed = heatmap.data.geoHeatmap.countries.find((c) => c.messages === 60);
    if (mixed) {
      const body = await ask(`{ topSenders(countryCode: "${mixed.countryCode}") { sourceIp dmarcFailures dmarcFailureRate } }`);
      expect(body.data!.topSenders).toEqual([{ sourceIp: '81.2.69.142', dmarcFailures: 10, dmarcFailureRate: 10 / 60 }]);
    }
    const bad = await ask('{ topSenders(countryCode: "Germany") { sourceIp } }');
    expect(bad.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
  });
});

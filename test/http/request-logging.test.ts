import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, type CapturedLogger } from '../support/silent-logger.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('request logs', () => {
  let t: TestApp;
  let captured: CapturedLogger;
  beforeAll(async () => {
    captured = capturingLogger('info');
    t = await startTestApp({ logger: captured.logger });
  });
  afterAll(() => t.close());

  it('are JSON lines tagged with the request id the client sees, without credentials', async () => {
    const response = await fetch(`${t.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify({ query: '{ serverInfo { version } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('req-42');
    const lines = captured.lines.filter((l) => l.requestId === 'req-42');
    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(lines[1]).toMatchObject({ service: 'dmarc-analytics', res: { statusCode: 200 }, responseTime: expect.any(Number) });
    expect(JSON.stringify(captured.lines)).not.toContain(t.adminToken);
  });

  it('keep the names of query parameters but never their values (a ?token= stays out of the log)', async () => {
    const secret = 'dmarc_s3cretValueInAUrl';
    const response = await fetch(`${t.app.url}/reports?filename=a.xml&token=${secret}&${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', 'x-request-id': 'req-query' },
      body: '<feedback/>',
    });
    expect(response.status).toBe(401);
    const incoming = captured.lines.find((l) => l.requestId === 'req-query' && l.msg === 'incoming request') as { req: { url: string } } | undefined;
    expect(incoming?.req.url).toBe('/reports?filename=[redacted]&token=[redacted]&[redacted]');
    expect(JSON.stringify(captured.lines)).not.toContain(secret);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datedReport } from '../graphql/dated-report.js';
import { guardedPage, screenshot } from '../support/browser.js';
import { signInToIde, signInToMap, startPagesSession, type PagesSession } from './pages-session.js';

/**
 * Live alerts in the browser: Subscription.alertRaised (CONTRACTS.md, built by the alerts
 * feature) seen from GraphiQL and from the map when detection finds a sender it never saw.
 */
// A browser, a 9 MB IDE bundle and a detection run: slow on a loaded 2-core machine, hence the long bound.
describe('live alerts in the browser pages', { timeout: 120_000 }, () => {
  let session: PagesSession;
  let spoofers = 0;

  /** A report of today with a never-seen spoofing address (Russia), then a detection run, as a worker would. */
  async function newSpoofingRun(ip: string): Promise<void> {
    const begin = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const report = datedReport({ org: 'Live Tester', id: `live-${++spoofers}`, domain: 'example.com', begin, records: [{ ip, count: 900, dkim: 'fail', spf: 'fail' }] });
    const stored = await session.demo.t.app.services.ingestion.ingestBuffer(report, `live-${spoofers}.xml`);
    expect(stored.error).toBeUndefined();
    const detection = await session.demo.t.graphql<{ detectAnomalies: { newCount: number } }>('mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    expect(detection.errors).toBeUndefined();
    expect(detection.data!.detectAnomalies.newCount).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    session = await startPagesSession();
  }, 120_000);
  afterAll(() => session?.close());

  it('GraphiQL receives alertRaised over graphql-ws, authenticated by the headers editor', async () => {
    const ide = await guardedPage(session.browser, session.origin);
    const { page } = ide;
    await signInToIde(page, session);
    await page.click('.graphiql-query-editor .monaco-editor');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('subscription Live { alertRaised { kind sourceIp countryCode } }');
    // Listening from the socket's first moment: the acknowledgement can follow the upgrade at once.
    const acknowledged = new Promise<void>((resolve) =>
      page.on('websocket', (socket) => socket.on('framereceived', (frame) => String(frame.payload).includes('connection_ack') && resolve())),
    );
    await page.click('.graphiql-execute-button');
    await acknowledged;

    await newSpoofingRun('5.45.200.7');
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 60_000 }).toContain('5.45.200.7');
    await screenshot(page, 'graphiql-subscription');
    expect(ide.blocked).toEqual([]);
    await ide.context.close();
  });

  it('the map shows a new alert live: in the list, as a toast and as a pulsing ring', async () => {
    const map = await guardedPage(session.browser, session.origin);
    const { page } = map;
    await signInToMap(page, session);
    await page.waitForSelector('#live[data-status=live]');
    const before = await page.locator('#alerts li').count();

    await newSpoofingRun('5.45.200.8');
    await page.waitForSelector('.toast:has-text("5.45.200.8")');
    await page.waitForSelector('#alerts li.fresh:has-text("5.45.200.8")');
    expect(await page.locator('#alerts li').count()).toBeGreaterThan(before);
    expect(await page.locator('circle.alert-marker.pulse').count()).toBeGreaterThan(0);
    expect(await page.locator('#alerts-title').innerText()).toBe('Open alerts');
    await screenshot(page, 'map-live-alert');
    expect(map.blocked).toEqual([]);
    expect(map.errors).toEqual([]);
    await map.context.close();
  });
});

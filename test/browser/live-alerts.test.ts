import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datedReport } from '../support/dated-report.js';
import { guardedPage, screenshot } from '../support/browser.js';
import { signInToIde, signInToMap, startPagesSession, type PagesSession } from './pages-session.js';

/**
 * Live alerts in the browser: Subscription.alertRaised (src/subscriptions, built by the alerts
 * feature) seen from GraphiQL and from the map when detection finds a sender it never saw.
 */
// A browser, a 9 MB IDE bundle and a detection run: slow on a loaded 2-core machine, hence the long bound.
describe('live alerts in the browser pages', { timeout: 120_000 }, () => {
  let session: PagesSession;
  let spoofers = 0;

  /** A report of today with a never-seen spoofing address (Russia), then a detection run, as a worker would. */
  async function newSpoofingRun(ip: string, domain = 'example.com'): Promise<void> {
    const begin = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const report = datedReport({ org: 'Live Tester', id: `live-${++spoofers}`, domain, begin, records: [{ ip, count: 900, dkim: 'fail', spf: 'fail' }] });
    const stored = await session.demo.t.app.services.ingestion.ingestBuffer(report, `live-${spoofers}.xml`);
    expect(stored.error).toBeUndefined();
    const detection = await session.demo.t.graphql<{ detectAnomalies: { newCount: number } }>('mutation { detectAnomalies(input: { days: 7 }) { newCount } }');
    expect(detection.errors).toBeUndefined();
    expect(detection.data!.detectAnomalies.newCount).toBeGreaterThan(0);
  }

  /**
   * Spoofing runs from new addresses until the page shows one (`seen(ip)`), and that address. The
   * client knows when its socket is acknowledged, not when the server has registered the
   * subscription sent next: an alert raised in between is rightly not delivered, so the first
   * run may go unseen.
   */
  async function liveAlertSeen(seen: (ip: string) => Promise<boolean>, domain = 'example.com'): Promise<string> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const ip = `5.45.200.${spoofers + 10}`;
      await newSpoofingRun(ip, domain);
      const deadline = Date.now() + 4_000;
      while (Date.now() < deadline) {
        if (await seen(ip)) return ip;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    throw new Error('no alert arrived live after five detection runs');
  }

  beforeAll(async () => {
    session = await startPagesSession();
  }, 120_000);
  afterAll(() => session?.close());

  it('GraphiQL receives alertRaised over graphql-ws, authenticated by the headers editor', { timeout: 90_000 }, async () => {
    const ide = await guardedPage(session.browser, session.origin);
    const { page } = ide;
    await signInToIde(page, session);
    // Replace the default query by typing, as a person would, until the editor shows it.
    await expect
      .poll(async () => {
        await page.click('.graphiql-query-editor .monaco-editor');
        await page.keyboard.press('Control+A');
        await page.keyboard.insertText('subscription Live { alertRaised { kind sourceIp geolocation { countryCode city } } }');
        return page.locator('.graphiql-query-editor').innerText();
      }, { timeout: 20_000 })
      .toContain('alertRaised');
    // GraphiQL has parsed it when the tab takes the operation's name: only then does ▶ run it.
    await page.locator('.graphiql-tab:has-text("Live")').waitFor();
    const socket = page.waitForEvent('websocket');
    await page.click('.graphiql-execute-button');
    await socket;

    const ip = await liveAlertSeen(async (candidate) => (await page.locator('.result-window').innerText()).includes(candidate));
    expect(await page.locator('.result-window').innerText()).toContain('alertRaised');
    expect(ip).toMatch(/^5\.45\.200\./);
    await screenshot(page, 'graphiql-subscription');
    expect(ide.blocked).toEqual([]);
    await ide.context.close();
  });

  it('the map shows a new alert live: in the list, as a toast and as a pulsing ring', { timeout: 90_000 }, async () => {
    const map = await guardedPage(session.browser, session.origin);
    const { page } = map;
    await signInToMap(page, session);
    await page.waitForSelector('#live[data-status=live]');
    const before = await page.locator('#alerts li').count();

    // One detection run can raise several alerts for the address (one per kind): a toast each.
    const ip = await liveAlertSeen(async (candidate) => (await page.locator(`.toast:has-text("${candidate}")`).count()) > 0);
    await page.locator(`#alerts li.fresh:has-text("${ip}")`).first().waitFor();
    expect(await page.locator('#alerts li').count()).toBeGreaterThan(before);
    expect(await page.locator('circle.alert-marker.pulse').count()).toBeGreaterThan(0);
    await screenshot(page, 'map-live-alert');
    expect(map.blocked).toEqual([]);
    expect(map.errors).toEqual([]);
    await map.context.close();
  });

  it('the map\'s alerts follow the chosen domain, listed and live', { timeout: 90_000 }, async () => {
    const map = await guardedPage(session.browser, session.origin);
    const { page } = map;
    await signInToMap(page, session);
    await page.waitForSelector('#domain option[value="example.org"]', { state: 'attached' });
    const domainsOfListed = () => page.locator('#alerts li .alert-ip').allInnerTexts();

    // example.org: only its alerts are listed, and a new alert about example.com is not pushed.
    await page.selectOption('#domain', 'example.org');
    await expect.poll(async () => (await domainsOfListed()).every((text) => text.includes('example.org'))).toBe(true);
    await page.waitForSelector('#live[data-status=live]');
    const toastOf = (candidate: string) => page.locator(`.toast:has-text("${candidate}")`).count();
    // Live for example.org (an alert about it arrives), then one about example.com, then one about
    // example.org again: that the last arrives and the middle one did not shows the server kept it back.
    await liveAlertSeen(async (candidate) => (await toastOf(candidate)) > 0, 'example.org');
    const ip = `5.45.200.${spoofers + 10}`;
    await newSpoofingRun(ip);
    const after = `5.45.200.${spoofers + 10}`;
    await newSpoofingRun(after, 'example.org');
    await expect.poll(() => toastOf(after), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await toastOf(ip)).toBe(0);
    expect((await domainsOfListed()).some((text) => text.includes(ip))).toBe(false);

    // Back to example.com: that alert was raised (it is listed now), and new ones arrive live.
    await page.selectOption('#domain', 'example.com');
    await expect.poll(async () => (await domainsOfListed()).some((text) => text.startsWith(`${ip} `))).toBe(true);
    expect((await domainsOfListed()).every((text) => text.includes('example.com'))).toBe(true);
    await page.waitForSelector('#live[data-status=live]');
    const next = await liveAlertSeen(async (candidate) => (await page.locator(`.toast:has-text("${candidate}")`).count()) > 0);
    expect(next).not.toBe(ip);
    await screenshot(page, 'map-domain-alerts');
    expect(map.blocked).toEqual([]);
    expect(map.errors).toEqual([]);
    await map.context.close();
  });
});

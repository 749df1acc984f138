import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedPage, screenshot, type GuardedPage } from '../support/browser.js';
import { signInToIde, signInToMap, startPagesSession, type PagesSession } from './pages-session.js';

/** ColorBrewer steps the map uses (web/map/world-map.ts): what a person sees, asserted as colours. */
const BLUES = ['#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const REDS = ['#fee5d9', '#fcbba1', '#fc9272', '#fb6a4a', '#de2d26', '#a50f15'];
const NO_MAIL = '#e9ecef';

const fillOf = (page: Page, country: string) => page.getAttribute(`path[data-country="${country}"]`, 'fill');

// A real browser loading a 9 MB IDE bundle: slow on a loaded 2-core machine, hence the long bound.
describe('the browser pages, offline, on demo data', { timeout: 120_000 }, () => {
  let session: PagesSession;

  beforeAll(async () => {
    session = await startPagesSession();
  }, 120_000);
  afterAll(() => session?.close());

  describe('GraphiQL on GET /graphql', () => {
    let ide: GuardedPage;
    beforeAll(async () => {
      ide = await guardedPage(session.browser, session.origin);
    });
    afterAll(() => ide.context.close());

    it('loads with every request to another host blocked (none made), signs in and runs the default query', async () => {
      const { page } = ide;
      await signInToIde(page, session);
      // The token went into the headers editor, which GraphiQL sends with the next request.
      await expect.poll(() => page.locator('.graphiql-editor-tool').innerText()).toMatch(/Authorization.*Bearer/s);

      const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('FirstLook'));
      await page.click('.graphiql-execute-button');
      const body = (await (await answer).json()) as { data: { me: { email: string }; reportSummary: { totalMessages: number } } };
      expect(body.data.me.email).toBe(session.demo.admin.email);
      expect(body.data.reportSummary.totalMessages).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.result-window').innerText()).toContain('totalMessages');

      // The schema documentation opens (introspection over the signed-in session).
      await page.click('button[aria-label="Show Documentation Explorer"]');
      await page.waitForSelector('.graphiql-doc-explorer:has-text("Root Types")');
      await screenshot(page, 'graphiql');
      expect(ide.blocked).toEqual([]);
      expect(ide.errors).toEqual([]);
    });
  });

  describe('the map on /map', () => {
    let map: GuardedPage;
    beforeAll(async () => {
      map = await guardedPage(session.browser, session.origin);
    });
    afterAll(() => map.context.close());

    it('leads there from /, asks for a sign-in, then colours the countries the demo mail came from', async () => {
      const { page } = map;
      await signInToMap(page, session, '/');
      expect(new URL(page.url()).pathname).toBe('/map');
      await expect.poll(() => fillOf(page, 'US')).not.toBe(NO_MAIL);

      // The providers' United States sends the most: the darkest blue. Australia sends nothing.
      expect(await fillOf(page, 'US')).toBe(BLUES[5]);
      expect(await fillOf(page, 'AU')).toBe(NO_MAIL);
      for (const country of ['DE', 'BR', 'VN', 'ZA']) expect(BLUES).toContain(await fillOf(page, country));
      expect(await page.locator('circle.city').count()).toBeGreaterThan(5);
      expect(await page.locator('#legend').innerText()).toContain('Messages');
      // The alerts the demo's detection raised are listed beside the map and ringed on it.
      // (They load beside the heatmap, not after it: wait for them too.)
      await expect.poll(() => page.locator('#alerts li').count()).toBeGreaterThan(5);
      await expect.poll(() => page.locator('circle.alert-marker').count()).toBeGreaterThan(0);
      // Each in words: its kind as a person says it, and what its number is.
      const kinds = new Set(await page.locator('#alerts li .alert-head b').allInnerTexts());
      expect([...kinds].every((kind) => ['Unusual sender', 'New country', 'New sending IP', 'Pass rate drop', 'Volume spike'].includes(kind)), [...kinds].join(', ')).toBe(true);
      expect(await page.locator('#alerts li .score').first().innerText()).toMatch(/^anomaly score [01]\.\d\d$/);
      await screenshot(page, 'map-messages');

      // Failure rate: the spoofing campaign's countries fail DMARC on every message.
      await page.check('input[value=failureRate]');
      for (const country of ['VN', 'CN', 'RU']) expect(await fillOf(page, country)).toBe(REDS[5]);
      expect(REDS.indexOf((await fillOf(page, 'US'))!)).toBeLessThan(3);
      expect(await page.locator('#legend').innerText()).toContain('DMARC failure rate');

      // A click on Russia lists its senders, the campaign's addresses among them.
      await page.locator('path[data-country="RU"]').dispatchEvent('click');
      await page.waitForSelector('#senders tr');
      const senders = await page.locator('#senders tr td:first-child').allInnerTexts();
      expect(senders.length).toBeGreaterThan(0);
      expect(senders.filter((ip) => /^(5\.45|45\.142|46\.161)\./.test(ip)).length).toBeGreaterThan(0);
      await screenshot(page, 'map-failure-rate');
      expect(map.blocked).toEqual([]);
      expect(map.errors).toEqual([]);
    });
  });
});

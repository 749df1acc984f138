import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../entities/roles.js';
import { arfReport, tlsReportJson } from '../fixtures/report-kinds.js';
import { guardedPage, screenshot, type GuardedPage } from '../support/browser.js';
import { TEST_PASSWORD } from '../support/test-app.js';
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

  describe('the senders page on /senders', () => {
    let senders: GuardedPage;
    beforeAll(async () => {
      senders = await guardedPage(session.browser, session.origin);
    });
    afterAll(() => senders.context.close());

    const names = (page: Page) => page.locator('tr.sender td:first-child strong').allInnerTexts();
    const chipCount = async (page: Page, classification: string) =>
      Number(await page.locator(`.chip[data-classification="${classification}"] .count`).innerText());

    it('lists every demo sender named and classified, with chips, a daily chart, details and approval for admins', async () => {
      const { page } = senders;
      await signInToMap(page, session, '/senders');
      await page.waitForSelector('tr.sender');
      await expect.poll(() => chipCount(page, '')).toBe(27);
      // Every sender has a name other than its address, and the chips count each classification.
      const all = await names(page);
      expect(all).toHaveLength(27);
      expect(all.filter((name) => /^\d+\.\d+\.\d+\.\d+$/.test(name))).toEqual([]);
      expect(all).toEqual(expect.arrayContaining(['Google (Including Gmail and Google Workspace)', 'Twilio SendGrid', 'Pobox', 'Groups.io', 'Rostelecom']));
      expect({
        AUTHORIZED: await chipCount(page, 'AUTHORIZED'),
        FORWARDER: await chipCount(page, 'FORWARDER'),
        MISCONFIGURED: await chipCount(page, 'MISCONFIGURED'),
        UNAUTHORIZED: await chipCount(page, 'UNAUTHORIZED'),
        UNKNOWN: await chipCount(page, 'UNKNOWN'),
      }).toEqual({ AUTHORIZED: 10, FORWARDER: 9, MISCONFIGURED: 2, UNAUTHORIZED: 6, UNKNOWN: 0 });
      expect(await page.locator('tr.sender svg.sparkline rect.aligned').count()).toBeGreaterThan(100);
      expect(await page.locator('tr.sender svg.sparkline rect.failing').count()).toBeGreaterThan(10);
      await screenshot(page, 'senders');

      // The misconfigured chip: the two services signing with their own domains.
      await page.click('.chip[data-classification="MISCONFIGURED"]');
      await expect.poll(async () => (await names(page)).sort()).toEqual(['HubSpot', 'Twilio SendGrid']);
      const sendgrid = page.locator('tr.sender', { hasText: 'Twilio SendGrid' });
      expect(await sendgrid.locator('td').nth(2).innerText()).toContain('DKIM d=sendgrid.net, not aligned');
      await sendgrid.click();
      const details = page.locator('tr.details:not([hidden])');
      await expect.poll(() => details.innerText()).toContain('d=sendgrid.net s=s1 · not aligned · passes 100%');
      expect(await details.innerText()).toMatch(/o13-111-\d+-\d+\.ptr\.sendgrid\.net \(confirmed\)/);

      // An administrator approves it: the badge changes and the audit trail names who.
      await sendgrid.locator('button.decide.approve').click();
      await expect.poll(() => sendgrid.locator('.approval').innerText()).toBe('approved');
      await expect.poll(() => details.innerText()).toContain(`${session.demo.admin.email}: approve`);
      await screenshot(page, 'senders-misconfigured-approved');

      // Sort by messages, ascending, over every sender; then search.
      await page.click('.chip[data-classification=""]');
      await expect.poll(async () => (await names(page)).length).toBe(27);
      await page.click('th[data-sort="MESSAGES"]');
      await expect.poll(() => page.getAttribute('th[data-sort="MESSAGES"]', 'aria-sort')).toBe('ascending');
      const messages = async () => (await page.locator('tr.sender td:nth-child(4)').allInnerTexts()).map((text) => Number(text.replaceAll(',', '')));
      await expect.poll(async () => (await messages())[0]).toBeLessThan(1_000);
      expect(await messages()).toEqual([...(await messages())].sort((a, b) => a - b));
      expect(await messages()).toHaveLength(27);
      await page.fill('#search', 'pobox');
      await expect.poll(() => names(page)).toEqual(['Pobox']);
      expect(senders.blocked).toEqual([]);
      expect(senders.errors).toEqual([]);
    });

    it('is reached from the map\'s country panel, filtered to that country', async () => {
      const { page } = senders;
      await page.goto(`${session.origin}/map`);
      await page.locator('path[data-country="RU"]').dispatchEvent('click');
      await page.waitForSelector('#senders tr td:nth-child(2):has-text("unauthorized")');
      const link = page.locator('#country-senders');
      expect(await link.getAttribute('href')).toBe('/senders?country=RU&days=30');
      await link.click();
      await page.waitForURL(/\/senders\?country=RU/);
      // Exactly the senders with an address in Russia, as the API lists them: the campaign's Russian ISP among them.
      const expected = await session.demo.t.graphql<{ senders: { edges: { node: { name: string } }[] } }>(`{ senders(filter: { countryCode: "RU" }, first: 100) { edges { node { name } } } }`);
      const russian = expected.data!.senders.edges.map((e) => e.node.name).sort();
      expect(russian).toContain('MTS');
      await expect.poll(async () => (await names(page)).sort()).toEqual(russian);
      for (const countries of await page.locator('tr.sender td:nth-child(8)').allInnerTexts()) expect(countries.split(' ')).toContain('RU');
      expect(await page.locator('#country-filter').innerText()).toContain('from RU');
      await screenshot(page, 'senders-from-russia');
      expect(senders.blocked).toEqual([]);
      expect(senders.errors).toEqual([]);
    });

    it('shows a viewer the senders without approve or reject buttons', async () => {
      const viewer = await guardedPage(session.browser, session.origin);
      try {
        await session.demo.t.userToken(Role.VIEWER, 'viewer-senders@example.com');
        await viewer.page.goto(`${session.origin}/senders`);
        await viewer.page.fill('#sign-in input[name=email]', 'viewer-senders@example.com');
        await viewer.page.fill('#sign-in input[name=password]', TEST_PASSWORD);
        await viewer.page.click('#sign-in button[type=submit]');
        await viewer.page.waitForSelector('tr.sender');
        expect(await viewer.page.locator('#who').innerText()).toContain('(viewer)');
        expect(await viewer.page.locator('button.decide').count()).toBe(0);
        expect(await viewer.page.locator('tr.sender .approval').count()).toBe(27);
        expect(viewer.errors).toEqual([]);
      } finally {
        await viewer.context.close();
      }
    });
  });

  describe('failure and TLS reports on the map', () => {
    let map: GuardedPage;
    let alert: { id: string; sourceIp: string };
    const viewerEmail = 'viewer-on-the-map@example.com';

    beforeAll(async () => {
      const t = session.demo.t;
      const open = await t.graphql<{ alerts: { edges: { node: { id: string; sourceIp: string | null } }[] } }>('{ alerts(filter: { states: [OPEN], kinds: [MODEL] }, first: 1) { edges { node { id sourceIp } } } }');
      alert = open.data!.alerts.edges[0]!.node as { id: string; sourceIp: string };
      const ingest = (content: string, encoding: 'XML' | 'BASE64') => t.graphql('mutation($c: String!, $e: ReportEncoding!) { ingestReport(content: $c, encoding: $e) { failureReports { id } tlsReports { id } } }', { c: content, e: encoding });
      // What the alert's source sent as the demo's domain: failure reports, attached to the open alert as they arrive.
      for (const [i, subject] of ['Your mailbox is almost full', 'Invoice 2026-12 overdue'].entries()) {
        await ingest(arfReport({ sourceIp: alert.sourceIp, subject, arrival: new Date(Date.now() - i * 3_600_000), envelopeId: `map-${i}` }).toString('base64'), 'BASE64');
      }
      const today = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
      await ingest(tlsReportJson({ reportId: 'map-tls-1', domain: 'example.com', begin: today, successful: 900, failures: { 'certificate-expired': 70, 'starttls-not-supported': 30 } }), 'XML');
      await ingest(tlsReportJson({ reportId: 'map-tls-2', domain: 'example.org', begin: today, successful: 1200 }), 'XML');
      await t.userToken(Role.VIEWER, viewerEmail);
      map = await guardedPage(session.browser, session.origin);
    });
    afterAll(() => map.context.close());

    it('shows each domain\'s TLS success, the TLS_FAILURES alert, and a failure report opened from its alert', async () => {
      const { page } = map;
      await signInToMap(page, session);
      await page.waitForSelector('#tls-rows tr.tls-row');
      const rows = await page.locator('#tls-rows tr').evaluateAll((trs) => trs.map((tr) => ({ cells: [...tr.querySelectorAll('td')].map((td) => td.textContent), failing: tr.classList.contains('failing') })));
      expect(rows).toEqual([
        { cells: ['example.org', '1,200', '100.0 %', '–'], failing: false },
        { cells: ['example.com', '1,000', '90.0 %', 'certificate-expired'], failing: true },
      ]);
      // The TLS check raised an alert about the domain: listed, with no source address.
      const tlsAlert = page.locator('#alerts li', { hasText: 'tls failures' });
      await expect.poll(() => tlsAlert.count()).toBe(1);
      expect(await tlsAlert.locator('.alert-ip').innerText()).toBe('example.com');
      expect(await tlsAlert.locator('.alert-reason').innerText()).toContain('10 % of 1,000 TLS sessions to example.com failed in the last 7 days (alert above 5.0 %)');
      await screenshot(page, 'map-tls');

      const item = page.locator(`#alerts li[data-alert-id="${alert.id}"]`);
      await item.scrollIntoViewIfNeeded();
      expect(await item.locator('button.samples').innerText()).toBe('2 failure samples');
      await item.locator('button.samples').click();
      await page.waitForSelector('#failure-dialog[open] article.failure-report');
      const cards = page.locator('#failure-dialog article.failure-report');
      expect(await cards.count()).toBe(2);
      expect(await cards.locator('h3').allInnerTexts()).toEqual(['Your mailbox is almost full', 'Invoice 2026-12 overdue']);
      const first = await cards.first().innerText();
      expect(first).toContain(`Source\n${alert.sourceIp}`);
      // Redacted by default: the recipient's local part is not shown, nor the link's query.
      expect(first).toContain('[redacted]@customer.example');
      expect(first).not.toContain('alice@');
      expect(first).toContain('https://pay.lookalike.example/i');
      expect(first).not.toContain('?to=');
      await cards.first().locator('summary').click();
      expect(await cards.first().locator('pre').first().innerText()).toContain('Subject: Your mailbox is almost full');
      await screenshot(page, 'map-failure-samples');
      await page.click('#failure-close');
      expect(await page.locator('#failure-dialog[open]').count()).toBe(0);
      expect(map.blocked).toEqual([]);
      expect(map.errors).toEqual([]);
    });

    it('tells a viewer that failure samples are for analysts, and shows how many there are', async () => {
      const viewer = await guardedPage(session.browser, session.origin);
      try {
        const { page } = viewer;
        await page.goto(`${session.origin}/map`);
        await page.fill('#sign-in input[name=email]', viewerEmail);
        await page.fill('#sign-in input[name=password]', TEST_PASSWORD);
        await page.click('#sign-in button[type=submit]');
        await page.waitForSelector('#overlay', { state: 'hidden' });
        const button = page.locator(`#alerts li[data-alert-id="${alert.id}"] button.samples`);
        await button.waitFor();
        expect(await button.innerText()).toBe('2 failure samples');
        await button.scrollIntoViewIfNeeded();
        await button.click();
        await page.waitForSelector('#failure-body .notice');
        expect(await page.locator('#failure-body').innerText()).toContain('Failure samples are personal data (RFC 6590): analysts and administrators read them.');
        expect(await page.locator('#failure-dialog article').count()).toBe(0);
        await screenshot(page, 'map-failure-samples-viewer');
        // The refusal is an answer the page expects, not an error.
        expect(viewer.errors.filter((e) => !e.includes('403'))).toEqual([]);
      } finally {
        await viewer.context.close();
      }
    });
  });
});

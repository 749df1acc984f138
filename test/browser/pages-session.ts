import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { startDemoApp, type DemoApp } from '../support/demo-app.js';

export interface PagesSession {
  readonly demo: DemoApp;
  readonly browser: Browser;
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  close(): Promise<void>;
}

/** The application filled by the demo, and a Chromium to look at it with. */
export async function startPagesSession(): Promise<PagesSession> {
  const [demo, browser] = await Promise.all([startDemoApp(), launchChromium()]);
  return {
    demo,
    browser,
    origin: demo.t.app.url,
    async close() {
      await browser.close();
      await demo.t.close();
    },
  };
}

/** Opens GraphiQL and signs in through its sign-in panel, as a person would. */
export async function signInToIde(page: Page, session: PagesSession): Promise<void> {
  await page.goto(`${session.origin}/graphql`);
  await page.waitForSelector('.graphiql-container');
  // The sign-in panel is open for a visitor without a session.
  await page.fill('.dmarc-sign-in input[name=email]', session.demo.admin.email);
  await page.fill('.dmarc-sign-in input[name=password]', session.demo.admin.password);
  await page.click('.dmarc-sign-in button[type=submit]');
  await page.waitForSelector('.dmarc-sign-in [role=status]:has-text("Signed in as")');
}

/** Opens `path` (the map, or `/` which leads there) and signs in on its form. */
export async function signInToMap(page: Page, session: PagesSession, path = '/map'): Promise<void> {
  await page.goto(`${session.origin}${path}`);
  await page.fill('#sign-in input[name=email]', session.demo.admin.email);
  await page.fill('#sign-in input[name=password]', session.demo.admin.password);
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('#overlay', { state: 'hidden' });
}

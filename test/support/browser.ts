import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/paths.js';
import { chromiumProgram } from './system-programs.js';

/** Debian's chromium (the test setup installs it), or CHROMIUM_PATH; playwright never downloads one. */
export const CHROMIUM = chromiumProgram.path(process.env)!;

/** Screenshots of the browser tests: git-ignored, kept for a person to look at. */
export const artifactsDir = join(projectRoot, 'test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // The machine has no internet: without these flags Chromium keeps trying to reach it.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface GuardedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Requests to any host other than the server's loopback origin, which were aborted. */
  readonly blocked: string[];
  /** Uncaught page errors and console errors. */
  readonly errors: string[];
}

/**
 * A page where every request that is not for `origin` (the server on loopback) is aborted and
 * counted: an offline page must not need a single one.
 */
export async function guardedPage(browser: Browser, origin: string): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const blocked: string[] = [];
  const errors: string[] = [];
  const own = new URL(origin);
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = url.host === own.host || url.protocol === 'data:' || url.protocol === 'blob:';
    if (local) return route.continue();
    blocked.push(url.toString());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    if (new URL(ws.url()).host !== own.host) blocked.push(ws.url());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, blocked, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

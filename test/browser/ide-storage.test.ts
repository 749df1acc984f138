import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { Role } from '../../entities/roles.js';
import { guardedPage, launchChromium, screenshot, type GuardedPage } from '../support/browser.js';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.js';

/**
 * Issue 19, Medium: GraphiQL used to write credentials to localStorage (the history's headers, a
 * password typed as a `login` variable). A person signs in through the IDE's panel, puts an API key
 * in the headers editor, runs operations (a `login` with a password variable, one with the password
 * written in the query), reloads; then every storage the page can reach is read: localStorage,
 * sessionStorage, every IndexedDB database, Cache Storage and cookies. No token, key or password may
 * be in any of them; the tabs and the history (without them) are.
 */
const LOGIN_WITH_VARIABLES = 'mutation SignInAgain($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
const LOGIN_LITERAL = `mutation SignInLiterally { login(email: "admin@example.com", password: "${TEST_PASSWORD}") { token } }`;

describe('the GraphQL IDE stores no credential', { timeout: 120_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let ide: GuardedPage;
  let apiKey: string;
  /** Every token the server gave the page. */
  const tokens: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startTestApp(), launchChromium()]);
    apiKey = await t.apiKey(Role.VIEWER);
    ide = await guardedPage(browser, t.app.url);
    await ide.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.app.url });
    ide.page.on('response', (response) => {
      if (!response.url().endsWith('/graphql') || response.request().method() !== 'POST') return;
      void response.json().then(
        (body: { data?: { login?: { token?: string } } }) => body.data?.login?.token && tokens.push(body.data.login.token),
        () => {},
      );
    });
  }, 120_000);
  afterAll(async () => {
    await ide?.context.close();
    await browser?.close();
    await t?.close();
  });

  it('keeps tabs and history without the session token, the API key or a password, and clears what an older page left', async () => {
    const { page } = ide;
    // An older version of the page left history with a token in localStorage.
    await page.goto(`${t.app.url}/health`);
    await page.evaluate(() =>
      localStorage.setItem('graphiql:queries', JSON.stringify({ queries: [{ query: '{ me { role } }', headers: '{"Authorization": "Bearer legacy-token-from-an-older-page"}' }] })),
    );
    // A record of our own in IndexedDB, to show the search below reads IndexedDB at all.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = (globalThis as InPage).indexedDB.open('search-probe') as IdbRequest<IdbDatabase> & { onupgradeneeded: (() => void) | null };
          open.onupgradeneeded = () => (open.result as unknown as { createObjectStore(name: string): { put(value: string, key: string): void } }).createObjectStore('probe').put('probe-value-in-indexeddb', 'k');
          open.onsuccess = () => {
            open.result.close();
            resolve();
          };
          open.onerror = () => reject(open.error as Error);
        }),
    );

    // Signs in through the panel, runs the default query with the session token.
    await page.goto(`${t.app.url}/graphql`);
    await page.waitForSelector('.graphiql-container');
    await page.fill('.dmarc-sign-in input[name=email]', 'admin@example.com');
    await page.fill('.dmarc-sign-in input[name=password]', TEST_PASSWORD);
    await page.click('.dmarc-sign-in button[type=submit]');
    await page.waitForSelector('.dmarc-sign-in [role=status]:has-text("Signed in as")');
    expect(await run(page)).toMatchObject({ data: { me: { email: 'admin@example.com' } } });

    // The API key in the headers editor, then a login with the password as a variable.
    await setEditor(page, 'headers', JSON.stringify({ 'X-API-Key': apiKey }));
    await setEditor(page, 'query', 'query WhoAmI { me { kind role } }');
    expect(await run(page)).toEqual({ data: { me: { kind: 'API_KEY', role: 'VIEWER' } } });
    await setEditor(page, 'query', LOGIN_WITH_VARIABLES);
    await setEditor(page, 'variables', JSON.stringify({ email: 'admin@example.com', password: TEST_PASSWORD }, null, 2));
    // The history takes the tab's variables, which GraphiQL updates a moment after an edit (its debounce).
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('graphiql:tabState') ?? ''), { timeout: 10_000 }).toContain('admin@example.com');
    expect(await run(page)).toMatchObject({ data: { login: { token: expect.any(String) } } });
    // And once with the password written in the query itself.
    await setEditor(page, 'query', LOGIN_LITERAL);
    expect(await run(page)).toMatchObject({ data: { login: { token: expect.any(String) } } });
    expect(tokens).toHaveLength(3);

    // Tabs are written 500 ms after a change (GraphiQL's debounce): wait for the last query to be kept.
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('graphiql:tabState') ?? ''), { timeout: 10_000 }).toContain('SignInLiterally');
    const stored = await everythingStored(page);
    expect(stored.text).toContain('probe-value-in-indexeddb');
    expectNoCredential(stored.text, [...tokens, apiKey, TEST_PASSWORD, 'legacy-token-from-an-older-page']);
    expect(stored.localStorageKeys).toEqual([]);
    // What is kept is kept without them: the history of this tab, the login's e-mail, the blanked literal.
    const history = JSON.parse(stored.sessionStorage['graphiql:queries'] ?? '{}') as { queries: { query: string; variables?: string; headers?: string }[] };
    // (GraphiQL may record a run twice when its tab changes while it runs: distinct entries are compared.)
    expect([...new Set(history.queries.map((entry) => entry.query))]).toEqual([expect.stringContaining('FirstLook'), 'query WhoAmI { me { kind role } }', LOGIN_WITH_VARIABLES, LOGIN_LITERAL.replace(TEST_PASSWORD, '')]);
    expect(history.queries.every((entry) => entry.headers === undefined)).toBe(true);
    expect(JSON.parse(history.queries.find((entry) => entry.query === LOGIN_WITH_VARIABLES)!.variables!)).toEqual({ email: 'admin@example.com' });
    expect(Object.keys(stored.sessionStorage).sort()).not.toContain('graphiql:headers');

    // After a reload the tabs and history are back, the credentials are not: the panel asks again.
    await page.reload();
    await page.waitForSelector('.graphiql-container');
    await page.click('button[aria-label="Show History"]');
    await page.waitForSelector('.graphiql-history-item:has-text("SignInAgain")');
    expect(new Set(await page.locator('.graphiql-history-item').allInnerTexts())).toEqual(new Set(['FirstLook', 'WhoAmI', 'SignInAgain', 'SignInLiterally']));
    expect(await page.locator('section.graphiql-editor-tool').innerText()).not.toMatch(/Authorization|X-API-Key/);
    await screenshot(page, 'graphiql-history-after-reload');
    expectNoCredential((await everythingStored(page)).text, [...tokens, apiKey, TEST_PASSWORD]);
    expect(ide.blocked).toEqual([]);
    expect(ide.errors).toEqual([]);
  });
});

/** Replaces the text of the operation, variables or headers editor by pasting it, as a person would (typing would auto-close brackets). */
async function setEditor(page: Page, editor: 'query' | 'variables' | 'headers', text: string): Promise<void> {
  if (editor !== 'query') await page.click(`.graphiql-editor-tools button:has-text("${editor === 'headers' ? 'Headers' : 'Variables'}")`);
  const target = editor === 'query' ? page.locator('section.graphiql-query-editor .monaco-editor') : page.locator('section.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor');
  await page.evaluate((value) => (globalThis as InPage).navigator.clipboard.writeText(value), text);
  await target.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  await expect.poll(() => target.locator('.view-lines').innerText().then((shown) => shown.replace(/\s+/g, ''))).toBe(text.replace(/\s+/g, ''));
  // GraphiQL reads the operation a moment later: run only once the tab is named after it.
  const operation = /^(?:query|mutation)\s+(\w+)/.exec(text)?.[1];
  if (editor === 'query' && operation) await expect.poll(() => page.locator('.graphiql-tab-active').innerText()).toBe(operation);
}

/** Runs the operation in the editor (the ▶ button) and returns the server's answer. */
async function run(page: Page): Promise<unknown> {
  const answer = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' && !(r.request().postData() ?? '').includes('IntrospectionQuery'));
  await page.click('.graphiql-execute-button');
  return (await answer).json();
}

interface Stored {
  /** Everything, as one text to search. */
  readonly text: string;
  readonly localStorageKeys: string[];
  readonly sessionStorage: Record<string, string>;
}

/** What the in-page code uses of a browser's globals (the tests' tsconfig has no DOM types). */
type InPage = typeof globalThis & {
  readonly indexedDB: { databases(): Promise<{ name?: string }[]>; open(name: string): IdbRequest<IdbDatabase> };
  readonly caches: {
    keys(): Promise<string[]>;
    open(name: string): Promise<{ keys(): Promise<{ url: string }[]>; match(request: { url: string }): Promise<{ text(): Promise<string> } | undefined> }>;
  };
  readonly document: { cookie: string };
  readonly navigator: { clipboard: { writeText(text: string): Promise<void> } };
};
interface IdbRequest<T> {
  readonly result: T;
  readonly error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}
interface IdbDatabase {
  readonly objectStoreNames: ArrayLike<string>;
  transaction(store: string, mode: 'readonly'): { objectStore(name: string): { getAll(): IdbRequest<unknown[]>; getAllKeys(): IdbRequest<unknown[]> } };
  close(): void;
}

/** localStorage, sessionStorage, every IndexedDB database's records, Cache Storage and cookies of the page's origin. */
async function everythingStored(page: Page): Promise<Stored> {
  const found = await page.evaluate(async () => {
    const browser = globalThis as InPage;
    const dump = (storage: Storage) => Object.fromEntries(Array.from({ length: storage.length }, (_, i) => storage.key(i)!).map((key) => [key, storage.getItem(key) ?? '']));
    const settled = <T>(request: IdbRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error as Error);
      });
    const databases: Record<string, unknown> = {};
    for (const { name } of await browser.indexedDB.databases()) {
      if (!name) continue;
      const db = await settled(browser.indexedDB.open(name));
      for (const store of Array.from(db.objectStoreNames)) {
        const read = db.transaction(store, 'readonly').objectStore(store);
        // Both asked before either is awaited: the transaction ends once it has no request pending.
        const [keys, values] = await Promise.all([settled(read.getAllKeys()), settled(read.getAll())]);
        databases[`${name}/${store}`] = { keys, values };
      }
      db.close();
    }
    const caches: Record<string, string[]> = {};
    for (const name of await browser.caches.keys()) {
      const cache = await browser.caches.open(name);
      caches[name] = await Promise.all((await cache.keys()).map(async (request) => `${request.url} ${await (await cache.match(request))?.text()}`));
    }
    return { local: dump(localStorage), session: dump(sessionStorage), databases, caches, cookies: browser.document.cookie };
  });
  const cookies = await page.context().cookies();
  return {
    text: JSON.stringify({ ...found, contextCookies: cookies }),
    localStorageKeys: Object.keys(found.local),
    sessionStorage: found.session,
  };
}

function expectNoCredential(text: string, credentials: readonly string[]): void {
  for (const credential of credentials) {
    expect(credential.length).toBeGreaterThan(8);
    expect(text.includes(credential), `a credential (${credential.slice(0, 12)}…) is stored`).toBe(false);
  }
}

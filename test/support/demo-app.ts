import { loadDemo, type DemoResult } from '../../src/demo/demo-data.js';
import { silentLogger } from './silent-logger.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface DemoApp {
  readonly t: TestApp;
  readonly demo: DemoResult;
  /** The demo's admin, as `dmarc-analytics demo` printed it. */
  readonly admin: { readonly email: string; readonly password: string };
}

/** The whole application on its own database, filled by the demo exactly as the command does. */
export async function startDemoApp(): Promise<DemoApp> {
  const t = await startTestApp();
  try {
    const demo = await loadDemo(t.app.dependencies.database.orm, t.app.services, silentLogger);
    return { t, demo, admin: { email: demo.admin.email, password: demo.admin.password! } };
  } catch (error) {
    await t.close();
    throw error;
  }
}

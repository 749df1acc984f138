import { loadDemo, type DemoResult } from '../../src/demo/demo-data.js';
import { startDemoDns } from '../../src/demo/demo-dns.js';
import { silentLogger } from './silent-logger.js';
import { startTestApp, type TestApp } from './test-app.js';

export interface DemoApp {
  readonly t: TestApp;
  readonly demo: DemoResult;
  /** The demo's admin, as `dmarc-analytics demo` printed it. */
  readonly admin: { readonly email: string; readonly password: string };
}

/**
 * The whole application on its own database, filled by the demo exactly as the command does: its
 * senders named through the demo's DNS zone on a loopback dnsmasq, stopped once the demo is loaded
 * (the names stay in the naming cache).
 */
export async function startDemoApp(): Promise<DemoApp> {
  const now = new Date();
  const dns = await startDemoDns(now);
  if (dns === null) throw new Error('dnsmasq is needed for the demo\'s names: apt-get install dnsmasq-base (scripts/install-system-packages.sh does)');
  let t: TestApp | undefined;
  try {
    t = await startTestApp({ env: { DNS_SERVERS: dns.address } });
    const demo = await loadDemo(t.app.dependencies.database.orm, t.app.services, silentLogger, { now, namedThroughDemoDns: true });
    return { t, demo, admin: { email: demo.admin.email, password: demo.admin.password! } };
  } catch (error) {
    await t?.close();
    throw error;
  } finally {
    await dns.stop();
  }
}

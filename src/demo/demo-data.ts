import type { MikroORM } from '@mikro-orm/postgresql';
import { generateTraffic, type GeneratedTraffic } from '../anomaly-detection/traffic/index.js';
import { AlreadyExistsError } from '../auth/errors.js';
import { deleteAllData } from '../database/delete-all-data.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../logging/logger.js';
import type { SenderClassification } from '../senders/classification/rules.js';
import { demoAddress } from './demo-addresses.js';
import { demoSenders, demoZoneLookups } from './demo-senders.js';
import { reportDocuments } from './report-xml.js';

const DEMO_ADMIN_EMAIL = 'demo-admin@example.com';
const DEMO_API_KEY_NAME = 'demo viewer';
const DEMO_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

/** What the demo needs of the service graph: the same services the server uses. */
export type DemoServices = Pick<Services, 'ingestion' | 'auth' | 'anomalies' | 'senders'>;

export interface DemoOptions {
  /** Delete every row first (users, keys, reports, models, anomalies, caches). */
  readonly reset?: boolean;
  /** The last day of the month of traffic (default today). */
  readonly now?: Date;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The services' resolver asks the demo's own DNS (src/demo/demo-dns.ts): senders are named
   * through DNS. Otherwise the demo writes the names its zone gives straight into the naming
   * cache, as a lookup would.
   */
  readonly namedThroughDemoDns?: boolean;
}

export interface DemoResult {
  readonly reports: { readonly stored: number; readonly alreadyStored: number };
  readonly records: number;
  /** The generated password, only when the admin was created by this run. */
  readonly admin: { readonly email: string; readonly password: string | undefined };
  /** The key, only when it was created by this run. */
  readonly viewerKey: string | undefined;
  readonly model: { readonly id: string; readonly trainedNow: boolean };
  readonly detection: { readonly scored: number; readonly anomalies: number; readonly new: number; readonly topSourceIps: string[] };
  readonly planted: { readonly campaignIps: number; readonly compromisedIps: string[] };
  readonly senders: {
    /** Senders per domain over the month. */
    readonly total: number;
    /** Of them, named by something other than their address. */
    readonly named: number;
    readonly byClassification: Readonly<Record<SenderClassification, number>>;
    /** How the names came: through the demo's DNS server, or written from its zone. */
    readonly names: 'dns' | 'zone';
  };
}

/**
 * A realistic month of DMARC traffic for three domains, stored through the real ingestion path
 * (XML in, parsed, stored, geolocated), plus an admin, a viewer API key, a deployed model and one
 * detection run. Running it again adds nothing: reports are recognised as already stored, and the
 * admin, key and model are kept.
 */
export async function loadDemo(orm: MikroORM, services: DemoServices, logger: Logger, options: DemoOptions = {}): Promise<DemoResult> {
  if (options.reset) logger.info({ tables: await deleteAllData(orm) }, 'demo: deleted every row');
  const now = options.now ?? new Date();
  const traffic = demoTraffic(now);
  const senders = demoSenders(traffic);

  let stored = 0;
  let alreadyStored = 0;
  let done = 0;
  for (const { filename, xml } of reportDocuments(traffic, senders)) {
    const result = await services.ingestion.ingestBuffer(Buffer.from(xml), filename);
    if (result.error) throw new Error(`the demo report ${filename} was refused: ${result.error.message}`);
    for (const report of result.reports) {
      if (report.status === 'ingested') stored += 1;
      else alreadyStored += 1;
    }
    options.onProgress?.(++done, traffic.reports.length);
  }

  // Ingestion queued the new addresses for naming in the background: the names come before detection.
  await services.senders.naming.idle();
  if (!options.namedThroughDemoDns) await services.senders.naming.store(demoZoneLookups(senders));

  const admin = await ensureAdmin(services);
  const viewerKey = await ensureViewerKey(services);
  let model = await services.anomalies.deployed();
  const trainedNow = model === null;
  if (model === null) {
    const trained = await services.anomalies.train({ days: 30, seed: 1 }, now);
    model = await services.anomalies.deploy(trained.id);
  }
  // Alerts are raised from here (the alert service listens to detection).
  const detection = await services.anomalies.detect({ days: 7 }, now);
  return {
    reports: { stored, alreadyStored },
    records: traffic.records.length,
    admin,
    viewerKey,
    model: { id: model.id, trainedNow },
    detection: {
      scored: detection.scoredCount,
      anomalies: detection.anomalies.length,
      new: detection.newCount,
      topSourceIps: [...new Set(detection.anomalies.map((a) => a.sourceIp))].slice(0, 5),
    },
    planted: { campaignIps: traffic.campaignIps.length, compromisedIps: traffic.compromisedIps },
    senders: { ...(await senderCounts(services)), names: options.namedThroughDemoDns ? 'dns' : 'zone' },
  };
}

/** The month's senders, as the Senders page lists them. */
async function senderCounts(services: DemoServices): Promise<Omit<DemoResult['senders'], 'names'>> {
  const byClassification: Record<SenderClassification, number> = { AUTHORIZED: 0, FORWARDER: 0, MISCONFIGURED: 0, UNAUTHORIZED: 0, UNKNOWN: 0 };
  let total = 0;
  let named = 0;
  let after: string | null = null;
  do {
    const page = await services.senders.list({}, { days: 30, first: 100, after });
    for (const { node } of page.edges) {
      total += 1;
      if (node.named) named += 1;
      byClassification[node.classification] += 1;
    }
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null);
  return { total, named, byClassification };
}

/** The same month for the same day: deterministic, so a second run finds every report stored. */
export function demoTraffic(now: Date): GeneratedTraffic {
  return generateTraffic({
    seed: 2026,
    days: 30,
    endDate: now,
    domains: [
      { name: DEMO_DOMAINS[0], policy: 'reject' },
      { name: DEMO_DOMAINS[1], policy: 'quarantine' },
      { name: DEMO_DOMAINS[2], policy: 'none' },
    ],
    providers: 24,
    forwarders: 12,
    mailingLists: 6,
    smallSenders: 48,
    campaign: { ips: 36, domain: DEMO_DOMAINS[0], withinLastDays: 3, maxActiveDays: 2 },
    compromised: { days: 2, volumeFactor: 40 },
    addresses: demoAddress,
  });
}

async function ensureAdmin(services: DemoServices): Promise<DemoResult['admin']> {
  try {
    const { generatedPassword } = await services.auth.users.createUser({ email: DEMO_ADMIN_EMAIL, role: 'admin' });
    return { email: DEMO_ADMIN_EMAIL, password: generatedPassword };
  } catch (error) {
    if (error instanceof AlreadyExistsError) return { email: DEMO_ADMIN_EMAIL, password: undefined };
    throw error;
  }
}

async function ensureViewerKey(services: DemoServices): Promise<string | undefined> {
  const keys = await services.auth.apiKeys.list();
  if (keys.some((k) => k.name === DEMO_API_KEY_NAME && k.state === 'active')) return undefined;
  const { key } = await services.auth.apiKeys.create({ name: DEMO_API_KEY_NAME, role: 'viewer' });
  return key;
}

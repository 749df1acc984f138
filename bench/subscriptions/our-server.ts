/**
 * Our server for the benchmark: the whole application (buildServiceGraph, the HTTP and WebSocket
 * server, the operation pipeline, the subscription hub), in its own process, driven by the runner
 * over IPC. Alerts come from one detection run's alert step (`alerts.processDetection` with 100
 * anomalies, as `detectAnomalies` hands them over), so they are stored, deduplicated and published
 * exactly as in production. Every limit keeps its default: subscribers authenticate with VIEWER
 * API keys made here (CONNECTIONS_PER_KEY sockets each, the per-principal limit) and come from 200
 * loopback addresses (50 each, the per-IP limit).
 */
import { pino } from 'pino';
import type { AnomalyView } from '../../src/anomaly-detection/anomaly-views.js';
import { startApplication } from '../../src/app/application.js';
import { Role } from '../../entities/roles.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { alertToMessage } from '../../src/alerts/alert-rows.js';
import type { AlertView } from '../../src/alerts/alert-views.js';
import { TOPICS } from '../../src/pubsub/index.js';
import { ALERTS_PER_RUN, alertSpec, cpuMs, memoryReply, preciseNow, type PublishedAlert, type ServerCommand, type ServerReply } from './workload.js';

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'info',
  MIGRATE_ON_START: 'true',
});
// Logs at info, like production, into /dev/null.
const logger = createLogger({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
const app = await startApplication(config, logger);
const { services } = app;

const apiKeys: string[] = [];
const keyCount = Number(process.env.BENCH_API_KEYS ?? 0);
for (let i = 0; i < keyCount; i++) apiKeys.push((await services.auth.apiKeys.create({ name: `bench subscriber ${i}`, role: Role.VIEWER })).key);

// When this process sees each alert on the bus: the start of its delivery.
const publishedAt = new Map<string, number>();
await services.bus.subscribe(TOPICS.alertRaised, (payload) => {
  publishedAt.set((payload as { id: string }).id, preciseNow());
});

// Runs of different server processes on one database must not share source IPs (they would deduplicate).
let run = Number(process.env.BENCH_RUN_BASE ?? 0);
function anomalies(): AnomalyView[] {
  run++;
  const now = new Date();
  return Array.from({ length: ALERTS_PER_RUN }, (_, i) => {
    const spec = alertSpec(i);
    // A new source per run and alert: every anomaly raises a new alert.
    const sourceIp = `10.${run}.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    return {
      kind: spec.kind,
      modelId: null,
      sourceIp,
      domain: spec.domain,
      policyDomains: [spec.domain],
      score: -spec.score,
      windowStart: new Date(now.getTime() - 86_400_000),
      windowEnd: now,
      features: { messages: 100 + i },
      reasons: [`benchmark anomaly ${i}`],
      details: [],
      geolocation: {
        ip: sourceIp, found: true, countryCode: spec.countryCode, countryName: null, subdivision: null, city: null, latitude: null, longitude: null,
        accuracyRadiusKm: null, asn: null, asOrganization: null, reservedRange: null, fromCache: true,
      },
      detectedAt: now,
    };
  });
}

/**
 * One alert to every subscriber: published on the bus as the alert service publishes a raised
 * alert (the same message, topic and fan-out), without storing it first, so that `createdAt` can be
 * the moment of publication and every delivery carries its own send time.
 */
let broadcasts = 0;
async function broadcast(): Promise<string> {
  broadcasts++;
  const id = `broadcast-${process.pid}-${broadcasts}`;
  const now = new Date();
  const alert: AlertView = {
    id, kind: 'NEW_SENDING_IP', state: 'OPEN', score: 0.9, sourceIp: '192.0.2.1', domains: ['d0.example'], countryCode: 'DE', city: null, latitude: null, longitude: null,
    asn: null, asOrganization: null, reasons: ['benchmark broadcast'], evidence: {}, modelId: null, messageCount: 1, firstSeenAt: now, lastSeenAt: now, createdAt: now,
    stateChangedAt: null, stateChangedBy: null, comment: null, suppressionRuleId: null, failureReportCount: 0, sender: null,
  };
  await services.bus.publishMany(TOPICS.alertRaised, [alertToMessage({ ...alert, createdAt: new Date() })]);
  return id;
}

function send(message: ServerReply): void {
  process.send!(message);
}

process.on('message', (command: ServerCommand) => {
  void (async () => {
    if (command.type === 'memory') {
      send(memoryReply());
    } else if (command.type === 'cpu') {
      send({ type: 'cpu', cpuMs: cpuMs() });
    } else if (command.type === 'raise') {
      const started = preciseNow();
      const outcome = await services.alerts.processDetection(anomalies());
      const runMs = preciseNow() - started;
      // With Redis, this process hears its own alerts back through Redis too; wait for each.
      const deadline = Date.now() + 10_000;
      while (outcome.raised.some((alert) => !publishedAt.has(alert.id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      const alerts: PublishedAlert[] = outcome.raised.map((alert) => ({
        id: alert.id, kind: alert.kind, score: alert.score, domains: alert.domains, countryCode: alert.countryCode, publishedAt: publishedAt.get(alert.id) ?? started,
      }));
      send({ type: 'raised', alerts, runMs, startedAt: started });
    } else if (command.type === 'broadcast') {
      send({ type: 'broadcasted', id: await broadcast() });
    } else if (command.type === 'stop') {
      await app.stop();
      process.exit(0);
    }
  })();
});
send({ type: 'ready', url: `${app.url.replace('http', 'ws')}/graphql`, apiKeys, subscriptions: true });

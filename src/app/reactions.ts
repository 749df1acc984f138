import { alertFromMessage, alertToMessage } from '../alerts/alert-rows.js';
import { ALERT_BATCH_SIZE } from '../alerts/alert-service.js';
import { anomalyFromMessage, anomalyToMessage } from '../alerts/anomaly-messages.js';
import { afterReportIngested } from '../analytics/after-report-ingested.js';
import type { DomainEvents } from '../events/domain-events.js';
import type { Logger } from '../logging/logger.js';
import { TOPICS, type EventBus, type Topic } from '../pubsub/index.js';
import type { SubscriptionHubOptions } from '../subscriptions/subscription-hub.js';
import type { Services } from './services.js';

/**
 * WHO REACTS TO WHAT: every reaction to a domain event (the events: src/events/event-map.ts),
 * registered below in the order it runs, and the events that also cross to the other instances
 * through the event bus (src/pubsub; Redis with REDIS_URL, else this process only).
 *
 *   event              reactions, in order                               emitted by
 *   reportIngested     1. geolocate its new addresses, drop its domain's  ingestion (every channel), reparse
 *                         heatmaps
 *                      2. queue its addresses for sender naming (returns
 *                         at once: named in the background, after the
 *                         geolocation that gives their ASN)
 *   failureReportIngested                                                ingestion (every channel)
 *                      1. geolocate its source IP
 *                      2. link it to the open alerts of that IP
 *                         (evidence: src/failure-reports/alert-evidence.ts)
 *   tlsReportIngested  raise or refresh TLS_FAILURES for its domains     ingestion (every channel)
 *                      over the threshold (src/tls-reports)
 *   detectionFinished  1. bus: its new anomalies (anomalies.detected)    AnomalyModelService.detect (mutation,
 *                      2. alerts.processDetection: raise alerts           daily job, demo)
 *   alertsRaised       1. bus: the batch (alerts.raised)                 AlertService, per committed batch
 *                      2. webhooks: queue one delivery per matching
 *                         endpoint, sent at once in the background
 *                      3. link the failure samples their source IPs
 *                         sent before (evidence)
 *                      4. metrics: alerts raised by kind and state
 *   alertsUpdated      1. bus: the batch (alerts.updated)                AlertService (state changes, rules)
 *                      2. webhooks, as for alertsRaised
 *                      3. metrics: state changes by kind and state
 *   sendersNamed       (none yet: detection and DNS posture may react)   SenderNaming, per stored batch
 *   senderApprovalChanged (none yet)                                     SenderService (approve, reject, ...)
 *   credentialChanged  1. bus: the change (credentials.changed)          users and API key services
 *                      2. this instance's WebSocket sessions of that
 *                         principal end (4403): registered by the
 *                         WebSocket server while it serves
 *                         (src/http/graphql-websocket.ts)
 *   fileIngested       metrics: files, reports, records, refusals,      ingestion (every channel), after each
 *                      bytes, duration by channel                        received file
 *   jobRunFinished     metrics: runs and durations by job and outcome    the scheduler, after each run
 *
 * Emitters await their reactions (DomainEvents.emit), except credentialChanged, which is a notice:
 * a report, a detection run or a batch of alerts is done for its caller when its reactions are.
 * A reaction that fails is logged and never undoes or fails its emitter.
 *
 * CROSSING INSTANCES. Only what a subscriber or a WebSocket on another instance must see goes on
 * the bus; everything else stays in the process that did it (a webhook is queued once, by the
 * instance that raised the alert; a report is geolocated once). Who reads the bus:
 *   alerts.raised, alerts.updated, anomalies.detected  the SubscriptionHub (src/subscriptions),
 *       decoded by `busDecoders` below: per group of identical subscriptions it filters, executes
 *       the selection once (with the group's context), serializes once, and hands the JSON to
 *       each subscriber's sink, which writes it as ready-made WebSocket frames, one write per
 *       connection and burst (src/http/graphql-websocket.ts, subscription-frames.ts).
 *   credentials.changed  the WebSocket server: sessions of that principal end on every instance
 *       (on this one they ended already; the second revoke finds nothing).
 * Messages from the bus are never emitted again as domain events, so no reaction runs twice.
 *
 * So the route from a detection run to a WebSocket frame and a webhook is: detect → stored →
 * detectionFinished → alerts.processDetection → committed batch → alertsRaised → (bus alerts.raised
 * → SubscriptionHub → sink → frame) and (webhooks.enqueueMany → delivery).
 */
export function registerReactions(
  events: DomainEvents,
  services: Pick<Services, 'geo' | 'heatmaps' | 'alerts' | 'webhooks' | 'alertEvidence' | 'tlsAlerts' | 'metrics' | 'senders'>,
  bus: EventBus,
  logger: Logger,
): void {
  // First, so each event is on its way to the other instances before the reactions here run.
  publishAcrossInstances(events, bus, logger);

  events.on('reportIngested', "geolocate the report's new addresses and drop its domain's heatmaps", afterReportIngested({ geo: services.geo, heatmaps: services.heatmaps, logger }));
  // Returns at once: ingestion never waits for DNS (src/senders/naming/sender-naming.ts).
  events.on('reportIngested', "queue the report's addresses for sender naming", ({ sourceIps }) => {
    services.senders.naming.enqueue(sourceIps);
  });

  events.on('detectionFinished', 'raise alerts from the anomalies', async ({ anomalies }) => {
    await services.alerts.processDetection(anomalies);
  });

  // The payloads carry each alert's history, as Alert.history answers it (one read per batch).
  const histories = (ids: readonly string[]) => services.alerts.histories(ids);
  events.on('alertsRaised', 'queue webhook deliveries (alert.raised)', async ({ alerts }) => {
    await services.webhooks.enqueueMany(alerts, 'alert.raised', histories);
  });
  events.on('alertsUpdated', 'queue webhook deliveries (alert.updated)', async ({ alerts }) => {
    await services.webhooks.enqueueMany(alerts, 'alert.updated', histories);
  });

  events.on('failureReportIngested', "geolocate the failure report's source", async ({ sourceIp, failureReportId }) => {
    if (sourceIp === null) return;
    // GeoIP down: the report is shown without a location until a lookup succeeds.
    await services.geo.geolocateNewIps([sourceIp]).catch((error: unknown) => logger.warn({ err: error, failureReportId }, 'could not geolocate a failure report\'s source'));
  });
  events.on('failureReportIngested', 'attach the sample to the open alerts of its source IP', async ({ failureReportId, sourceIp }) => {
    const attached = await services.alertEvidence.attachReport(failureReportId, sourceIp);
    if (attached.length > 0) logger.info({ failureReportId, alerts: attached }, 'failure sample attached to open alerts as evidence');
  });
  events.on('tlsReportIngested', 'raise TLS_FAILURES for its domains over the failed-session threshold', async ({ policyDomains }) => {
    await services.tlsAlerts.check(policyDomains);
  });
  events.on('alertsRaised', 'attach the failure samples their source IPs sent before', async ({ alerts }) => {
    const linked = await services.alertEvidence.attachEarlierReports(alerts);
    if (linked > 0) logger.info({ alerts: alerts.length, linked }, 'earlier failure samples attached to new alerts as evidence');
  });

  // Metrics last: counting never waits on, or delays, what users see.
  const { metrics } = services;
  events.on('alertsRaised', 'count them (metrics)', ({ alerts }) => metrics.alertsRaised(alerts));
  events.on('alertsUpdated', 'count them (metrics)', ({ alerts }) => metrics.alertsUpdated(alerts));
  events.on('fileIngested', 'count it (metrics)', (file) => metrics.fileIngested(file));
  events.on('jobRunFinished', 'count it (metrics)', (run) => metrics.jobRunFinished(run));
}

/** The events that cross instances: each published on its bus topic (see CROSSING INSTANCES above). */
export function publishAcrossInstances(events: DomainEvents, bus: EventBus, logger: Logger): void {
  const publish = publisher(bus, logger);
  events.on('detectionFinished', 'publish the new anomalies on the bus (anomalies.detected)', async ({ fresh }) => {
    for (let i = 0; i < fresh.length; i += ALERT_BATCH_SIZE) await publish(TOPICS.anomalyDetected, fresh.slice(i, i + ALERT_BATCH_SIZE).map(anomalyToMessage));
  });
  events.on('alertsRaised', 'publish the alerts on the bus (alerts.raised)', ({ alerts }) => publish(TOPICS.alertRaised, alerts.map(alertToMessage)));
  events.on('alertsUpdated', 'publish the alerts on the bus (alerts.updated)', ({ alerts }) => publish(TOPICS.alertUpdated, alerts.map(alertToMessage)));
  // Not awaited: ending this instance's sessions (the WebSocket server's reaction) must not wait for Redis.
  events.on('credentialChanged', 'publish the change on the bus (credentials.changed)', (change) => {
    void publish(TOPICS.credentialChanged, [change]);
  });
}

/** How the subscription hub turns each bus topic's messages back into root values (dates revived once per event). */
export const busDecoders: SubscriptionHubOptions['decoders'] = {
  [TOPICS.alertRaised]: alertFromMessage,
  [TOPICS.alertUpdated]: alertFromMessage,
  [TOPICS.anomalyDetected]: anomalyFromMessage,
};

/** Publishes one message of `messages`; a bus that is down loses the live push only (what it carries is committed), so it is logged, never thrown. */
function publisher(bus: EventBus, logger: Logger) {
  return async (topic: Topic, messages: readonly unknown[]): Promise<void> => {
    try {
      await bus.publishMany(topic, messages);
    } catch (error) {
      logger.error({ err: error, topic, events: messages.length }, 'cannot publish events on the bus');
    }
  };
}

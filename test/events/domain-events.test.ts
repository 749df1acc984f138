import { describe, expect, it } from 'vitest';
import { registerReactions } from '../../src/app/reactions.js';
import { DomainEvents } from '../../src/events/domain-events.js';
import { MemoryEventBus } from '../../src/pubsub/index.js';
import { capturingLogger, silentLogger } from '../support/silent-logger.js';

const change = { kind: 'user', id: 'u1', reason: 'role changed' } as const;

describe('domain events', () => {
  it('runs the reactions in registration order, each awaited before the next, and resolves after the last', async () => {
    const events = new DomainEvents(silentLogger);
    const order: string[] = [];
    events.on('credentialChanged', 'slow', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('slow done');
    });
    events.on('credentialChanged', 'next', () => void order.push('next'));
    await events.emit('credentialChanged', change);
    expect(order).toEqual(['slow done', 'next']);
  });

  it('runs a reaction that returns nothing synchronously, within emit', () => {
    const events = new DomainEvents(silentLogger);
    const heard: string[] = [];
    events.on('credentialChanged', 'sync', (c) => void heard.push(c.reason));
    void events.emit('credentialChanged', change);
    expect(heard).toEqual(['role changed']);
  });

  it('logs a failing reaction with the event and its name, runs the others, and never rejects', async () => {
    const log = capturingLogger();
    const events = new DomainEvents(log.logger);
    const heard: string[] = [];
    events.on('credentialChanged', 'throws', () => {
      throw new Error('boom');
    });
    events.on('credentialChanged', 'rejects', async () => {
      throw new Error('bang');
    });
    events.on('credentialChanged', 'still runs', () => void heard.push('ran'));
    await expect(events.emit('credentialChanged', change)).resolves.toBeUndefined();
    expect(heard).toEqual(['ran']);
    expect(log.lines.filter((l) => l.msg === 'reaction failed').map((l) => [l.event, l.reaction, (l.err as { message: string }).message])).toEqual([
      ['credentialChanged', 'throws', 'boom'],
      ['credentialChanged', 'rejects', 'bang'],
    ]);
  });

  it('stops calling a reaction once it is removed; an emit under way keeps the reactions it started with', async () => {
    const events = new DomainEvents(silentLogger);
    const heard: string[] = [];
    let stopSecond = () => {};
    events.on('credentialChanged', 'first', () => {
      heard.push('first');
      stopSecond();
    });
    stopSecond = events.on('credentialChanged', 'second', () => void heard.push('second'));
    await events.emit('credentialChanged', change);
    await events.emit('credentialChanged', change);
    expect(heard).toEqual(['first', 'second', 'first']);
    expect(events.hasReactions('reportIngested')).toBe(false);
    expect(events.hasReactions('credentialChanged')).toBe(true);
  });

  it('has the reactions of src/app/reactions.ts in the order its table gives', () => {
    const events = new DomainEvents(silentLogger);
    // Registering calls no service: the services are only reached when an event comes.
    registerReactions(events, { metrics: {} } as never, new MemoryEventBus(silentLogger), silentLogger);
    expect(events.describe()).toEqual({
      detectionFinished: ['publish the new anomalies on the bus (anomalies.detected)', 'raise alerts from the anomalies'],
      alertsRaised: ['publish the alerts on the bus (alerts.raised)', 'queue webhook deliveries (alert.raised)', 'attach the failure samples their source IPs sent before', 'count them (metrics)'],
      alertsUpdated: ['publish the alerts on the bus (alerts.updated)', 'queue webhook deliveries (alert.updated)', 'count them (metrics)'],
      credentialChanged: ['publish the change on the bus (credentials.changed)'],
      reportIngested: ["geolocate the report's new addresses and drop its domain's heatmaps", "queue the report's addresses for sender naming"],
      failureReportIngested: ["geolocate the failure report's source", 'attach the sample to the open alerts of its source IP'],
      tlsReportIngested: ['raise TLS_FAILURES for its domains over the failed-session threshold'],
      fileIngested: ['count it (metrics)'],
      jobRunFinished: ['count it (metrics)'],
    });
  });
});

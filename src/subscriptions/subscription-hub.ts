import { execute, Kind, type DocumentNode, type ExecutionResult, type FormattedExecutionResult, type GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../auth/principal.js';
import type { Logger } from '../logging/logger.js';
import type { EventBus, Topic } from '../pubsub/index.js';
import { SubscriberStream } from './subscriber-stream.js';
import type { SubscriptionSink } from './subscription-sink.js';

/** What a subscription root field's `subscribe` hands the hub. */
export interface JoinRequest<Event> {
  readonly topic: Topic;
  /** The subscription's own filter (from its arguments), evaluated once per group and event, before any execution. */
  readonly matches: (event: Event) => boolean;
  readonly info: GraphQLResolveInfo;
  /** The operation's context: its principal's role is part of the group key (the first joiner's context runs the group); its sink, if any, receives the results. */
  readonly context: { readonly principal: Principal | null; readonly subscriptionSink?: SubscriptionSink | undefined };
}

/** Subscribers running the same document with the same variables and role: one execution serves them all. */
interface Group {
  readonly key: string;
  readonly topic: Topic;
  readonly document: DocumentNode;
  readonly info: GraphQLResolveInfo;
  readonly contextValue: unknown;
  readonly matches: (event: unknown) => boolean;
  readonly subscribers: Set<SubscriberStream>;
}

interface Channel {
  readonly groups: Map<string, Group>;
  /** Resolves once the bus subscription is in place. */
  readonly ready: Promise<unknown>;
  /**
   * Events received and not yet dispatched. A bus message carries a whole batch (a detection run's
   * alerts); its events arrive one right after the other and are dispatched together, so each
   * subscriber's results of the batch leave in one write.
   */
  pending: unknown[];
  /** Batches of a topic are handled one after another, so every subscriber sees events in order. */
  tail: Promise<void>;
  /** Results handed to subscribers since the start (one per subscriber and event). */
  delivered: number;
}

/** One topic's fan-out now and since the start (read by the metrics at each scrape). */
export interface TopicStats {
  readonly topic: Topic;
  readonly subscribers: number;
  readonly groups: number;
  readonly delivered: number;
}

export interface SubscriptionHubOptions {
  readonly bus: EventBus;
  /** Bus message to the root value of an execution, per topic (dates revived once per event, not per subscriber). */
  readonly decoders: Readonly<Partial<Record<Topic, (message: unknown) => unknown>>>;
  /** The transports' error formatting (codes, production masking), applied once per group result. */
  readonly formatResult: (result: ExecutionResult) => FormattedExecutionResult;
  readonly logger: Logger;
}

/**
 * Fan-out of events to GraphQL subscriptions. Subscribers are grouped by (topic, document,
 * variables, role). When an event arrives on a topic, each group's filter is checked first; a
 * matching group's selection set is executed once, with the event as root value and the context
 * of the group's first subscriber, serialized once, and the same JSON text is sent to every live
 * subscriber of the group. So 10,000 subscribers with 20 distinct filters cost at most 20
 * executions per event.
 *
 * Rights: each subscriber's own rights are checked when it joins (the root field's rule). One
 * execution may then speak for the whole group because everything the rules read is in the group
 * key: every rule that can run in a subscription reads only the role
 * (test/subscriptions/group-permission-rules.test.ts keeps that true; a rule reading more, such as
 * a team's domains, must add it to groupKey). A subscriber whose rights change is not caught at
 * delivery (the rule runs again there, but with the group's context): its session ends instead
 * (credentialChanged, 4403; or its next operation's re-check, or its credential's expiry), and it
 * leaves its group, the first subscriber included (test/subscriptions/group-context.test.ts).
 */
export class SubscriptionHub {
  readonly #channels = new Map<Topic, Channel>();
  #subscribers = 0;

  constructor(private readonly options: SubscriptionHubOptions) {}

  /** Subscribers connected now (all topics). */
  get subscriberCount(): number {
    return this.#subscribers;
  }

  /** Groups (distinct executions per event) now, all topics. */
  get groupCount(): number {
    let n = 0;
    for (const channel of this.#channels.values()) n += channel.groups.size;
    return n;
  }

  /**
   * Resolves once every event this instance has received so far has been handed to its
   * subscribers' sinks (the in-memory bus delivers a publish before `publish` returns; through
   * Redis an event counts once it has arrived). Tests wait on it, then on an answer over the same
   * socket, instead of sleeping to show that nothing (more) arrives.
   */
  async whenDelivered(): Promise<void> {
    for (;;) {
      const tails = [...this.#channels.values()].map((channel) => channel.tail);
      await Promise.all(tails);
      if ([...this.#channels.values()].every((channel, i) => channel.tail === tails[i])) return;
    }
  }

  /** Per topic: subscribers and groups now, deliveries so far. Counted as plain numbers: the fan-out allocates nothing for them. */
  stats(): TopicStats[] {
    return [...this.#channels].map(([topic, channel]) => {
      let subscribers = 0;
      for (const group of channel.groups.values()) subscribers += group.subscribers.size;
      return { topic, subscribers, groups: channel.groups.size, delivered: channel.delivered };
    });
  }

  /** Adds a subscriber; resolves once events of its topic are being received. */
  async join<Event>(request: JoinRequest<Event>): Promise<SubscriberStream> {
    const channel = this.#channel(request.topic);
    await channel.ready;
    const key = groupKey(request);
    let group = channel.groups.get(key);
    if (!group) {
      group = {
        key,
        topic: request.topic,
        document: operationDocument(request.info),
        info: request.info,
        contextValue: request.context,
        matches: request.matches as (event: unknown) => boolean,
        subscribers: new Set(),
      };
      channel.groups.set(key, group);
    }
    const joined = group;
    const stream = new SubscriberStream(request.context.subscriptionSink, (s) => this.#leave(channel, joined, s));
    group.subscribers.add(stream);
    this.#subscribers++;
    this.options.logger.debug({ topic: request.topic, groups: channel.groups.size, subscribers: this.#subscribers }, 'subscription started');
    return stream;
  }

  #leave(channel: Channel, group: Group, stream: SubscriberStream): void {
    if (!group.subscribers.delete(stream)) return;
    this.#subscribers--;
    if (group.subscribers.size === 0 && channel.groups.get(group.key) === group) channel.groups.delete(group.key);
  }

  #channel(topic: Topic): Channel {
    let channel = this.#channels.get(topic);
    if (!channel) {
      const created: Channel = { groups: new Map(), ready: Promise.resolve(), pending: [], tail: Promise.resolve(), delivered: 0 };
      const decode = this.options.decoders[topic] ?? ((message: unknown) => message);
      (created as { ready: Promise<unknown> }).ready = this.options.bus.subscribe(topic, (message) => {
        created.pending.push(decode(message));
        // The first event of a batch schedules its dispatch; the rest of the batch joins it.
        if (created.pending.length === 1) created.tail = created.tail.then(() => this.#dispatch(created));
      });
      channel = created;
      this.#channels.set(topic, channel);
      // A failed bus subscription is retried by the next subscriber.
      channel.ready.catch(() => this.#channels.delete(topic));
    }
    return channel;
  }

  async #dispatch(channel: Channel): Promise<void> {
    const events = channel.pending;
    channel.pending = [];
    const groups = [...channel.groups.values()].filter((group) => group.subscribers.size > 0);
    await Promise.all(
      groups.map((group) => {
        const matching = events.filter((event) => group.matches(event));
        return matching.length > 0 ? this.#deliver(channel, group, matching) : undefined;
      }),
    );
  }

  /** Executes the group's selection once per event, then hands every subscriber all of the results, in order. */
  async #deliver(channel: Channel, group: Group, events: readonly unknown[]): Promise<void> {
    try {
      const { info } = group;
      const results = await Promise.all(
        events.map(async (event) =>
          execute({
            schema: info.schema,
            document: group.document,
            rootValue: event,
            contextValue: group.contextValue,
            variableValues: info.variableValues,
            operationName: info.operation.name?.value ?? null,
          }),
        ),
      );
      // Result by result, each to every subscriber: consecutive sends carry the same JSON text, so
      // the transport can encode each message once for all subscribers using the same operation id.
      for (const result of results) {
        let json: string | undefined;
        let delivered = 0;
        for (const subscriber of group.subscribers) {
          if (subscriber.sink) {
            if (subscriber.sendJson((json ??= JSON.stringify(this.options.formatResult(result))))) delivered++;
          } else if (subscriber.push(result)) {
            delivered++;
          }
        }
        channel.delivered += delivered;
      }
    } catch (error) {
      this.options.logger.error({ err: error, topic: group.topic }, 'subscription delivery failed');
    }
  }
}

/** The operation and its fragments, as one document to execute for every event. */
function operationDocument(info: GraphQLResolveInfo): DocumentNode {
  return { kind: Kind.DOCUMENT, definitions: [info.operation, ...Object.values(info.fragments)] };
}

/** Same text, operation, variables and role: the same result for every event. */
function groupKey(request: Pick<JoinRequest<never>, 'topic' | 'info' | 'context'>): string {
  const { info, context } = request;
  const text = info.operation.loc?.source.body ?? JSON.stringify(info.operation);
  return `${request.topic}\u0000${context.principal?.role ?? 'anonymous'}\u0000${info.operation.name?.value ?? ''}\u0000${JSON.stringify(info.variableValues)}\u0000${text}`;
}

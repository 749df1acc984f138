import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WebhookDeliveryStatus } from '../entities/webhook-delivery.entity.js';
import { AnomalyKindEnum } from './anomaly.types.js';
import { ConnectionType } from './connection.types.js';

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: waiting for its (next) attempt; SUCCEEDED: the receiver answered 2xx; FAILED: out of attempts or a refused target.',
});

@ObjectType('WebhookFilter', { description: 'Which alerts a webhook receives; an absent or empty part matches every alert.' })
export class WebhookFilterType {
  @Field(() => [String], { nullable: true, description: 'Any of the alert’s domains (lower case).' })
  domains?: string[] | null;

  @Field(() => [AnomalyKindEnum], { nullable: true })
  kinds?: AnomalyKindEnum[] | null;

  @Field(() => Float, { nullable: true, description: 'Alerts with at least this score, in [0, 1].' })
  minScore?: number | null;

  @Field(() => [String], { nullable: true, description: 'ISO 3166 country codes of the source IP (upper case).' })
  countries?: string[] | null;
}

@InputType('WebhookFilterInput', { description: 'The same parts as the subscriptions’ AlertEventFilter.' })
export class WebhookFilterInput {
  @Field(() => [String], { nullable: true, description: 'At most 100; case-insensitive.' })
  domains?: string[] | null;

  @Field(() => [AnomalyKindEnum], { nullable: true })
  kinds?: AnomalyKindEnum[] | null;

  @Field(() => Float, { nullable: true, description: 'In [0, 1].' })
  minScore?: number | null;

  @Field(() => [String], { nullable: true, description: 'Two-letter ISO codes, at most 100; case-insensitive.' })
  countries?: string[] | null;
}

@ObjectType('Webhook', { description: 'An HTTP endpoint that receives matching alerts as signed JSON POSTs. The secret is shown only when set.' })
export class WebhookType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => WebhookFilterType)
  filter!: WebhookFilterType;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Boolean, { description: 'Disabled webhooks get no new events; their pending deliveries wait.' })
  enabled!: boolean;

  @Field(() => ID, { nullable: true })
  createdById!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType()
export class CreateWebhookPayload {
  @Field(() => WebhookType)
  webhook!: WebhookType;

  @Field(() => String, { description: 'The signing secret: shown this once (generated when none was given), store it with the receiver now.' })
  secret!: string;
}

@ObjectType('WebhookDelivery', { description: 'One event sent (or to be sent) to one webhook.' })
export class WebhookDeliveryType {
  @Field(() => ID, { description: 'Also the X-Dmarc-Delivery header and the body’s `id`: the same on every attempt.' })
  id!: string;

  @Field(() => ID)
  webhookId!: string;

  @Field(() => String, { description: 'alert.raised, alert.updated or webhook.test' })
  eventType!: string;

  @Field(() => String)
  alertId!: string;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => Int)
  maxAttempts!: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null once it succeeded or failed for good.' })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed: HTTP status and the start of the answer, a timeout, a refused target.' })
  lastError!: string | null;

  @Field(() => Int, { nullable: true, description: 'HTTP status of the last answer.' })
  responseStatus!: number | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType({ description: 'A page of webhook deliveries, newest first (Relay connection).' })
export class WebhookDeliveryConnection extends ConnectionType(WebhookDeliveryType, { name: 'WebhookDelivery', totalCountDescription: 'Deliveries matching the filter, on all pages.' }) {}

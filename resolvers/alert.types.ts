import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AnomalyKindEnum } from './anomaly.types.js';
import { ConnectionType } from './connection.types.js';
import { SenderSummary } from './sender.types.js';

enum AlertStateEnum {
  OPEN = 'OPEN',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
  SUPPRESSED = 'SUPPRESSED',
}
registerEnumType(AlertStateEnum, {
  name: 'AlertState',
  description: 'OPEN -> ACKNOWLEDGED -> RESOLVED; OPEN or ACKNOWLEDGED -> SUPPRESSED (also set by suppression rules).',
});

@ObjectType({ description: 'One change of an alert\'s state.' })
export class AlertStateChangeType {
  @Field(() => AlertStateEnum, { nullable: true, description: 'Null when the alert was created.' })
  fromState!: AlertStateEnum | null;

  @Field(() => AlertStateEnum)
  toState!: AlertStateEnum;

  @Field(() => String, { description: 'The user\'s address, "api key <id>", "rule <id>" or "detection".' })
  actor!: string;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date)
  at!: Date;
}

@ObjectType('Alert', { description: 'An anomalous sender a person should look at, or a domain whose TLS sessions fail (TLS_FAILURES): deduplicated by source IP, kind and domain.' })
export class AlertType {
  @Field(() => ID)
  id!: string;

  @Field(() => AnomalyKindEnum)
  kind!: AnomalyKindEnum;

  @Field(() => AlertStateEnum)
  state!: AlertStateEnum;

  @Field(() => Float, { description: 'Severity in [0, 1]: higher is more anomalous (= -scikit-learn score).' })
  score!: number;

  @Field(() => String, { nullable: true, description: 'The sender; null for an alert about a domain (TLS_FAILURES).' })
  sourceIp!: string | null;

  @Field(() => [String], { description: 'Policy domains the source sent mail for (TLS_FAILURES: the domain whose TLS sessions fail).' })
  domains!: string[];

  @Field(() => [String], { description: 'The explanation in words.' })
  reasons!: string[];

  @Field(() => GraphQLJSONObject, { description: 'The numbers behind the reasons: model features or the rule\'s evidence.' })
  evidence!: Record<string, number>;

  @Field(() => ID, { nullable: true, description: 'The model that scored it; null for rule signals.' })
  modelId!: string | null;

  @Field(() => Int, { description: 'Messages from the source since the alert\'s first detection window (TLS_FAILURES: failed TLS sessions in its window).' })
  messageCount!: number;

  @Field(() => Date)
  firstSeenAt!: Date;

  @Field(() => Date)
  lastSeenAt!: Date;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  stateChangedAt!: Date | null;

  @Field(() => String, { nullable: true })
  stateChangedBy!: string | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => ID, { nullable: true, description: 'The suppression rule that suppressed it.' })
  suppressionRuleId!: string | null;

  @Field(() => SenderSummary, { nullable: true, description: 'Who the source is, named and classified when the alert was raised or last refreshed (an approved sender\'s alerts are lowered in severity, a rejected one\'s raised); null when not known.' })
  sender!: SenderSummary | null;

  @Field(() => Int, {
    description: 'Failure samples (failure reports) from its source IP kept as its evidence; their content is in failureReports (ANALYST and ADMIN).',
  })
  failureReportCount!: number;
}

@InputType('AlertFilter', { description: 'Which alerts a query or a bulk change is about; absent fields match everything.' })
export class AlertFilterInput {
  @Field(() => [AlertStateEnum], { nullable: true })
  states?: AlertStateEnum[] | null;

  @Field(() => [AnomalyKindEnum], { nullable: true })
  kinds?: AnomalyKindEnum[] | null;

  @Field(() => [String], { nullable: true, description: 'Alerts about any of these domains.' })
  domains?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'ISO country codes.' })
  countries?: string[] | null;

  @Field(() => Float, { nullable: true, description: 'Minimum severity, in [0, 1].' })
  minScore?: number | null;

  @Field(() => Date, { nullable: true, description: 'Raised at or after.' })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Raised before.' })
  until?: Date | null;

  @Field(() => String, { nullable: true })
  sourceIp?: string | null;
}

@InputType({ description: 'What a subscription wants to hear about; absent fields match everything.' })
export class AlertEventFilter {
  @Field(() => [String], { nullable: true, description: 'Any of the alert\'s domains.' })
  domains?: string[] | null;

  @Field(() => [AnomalyKindEnum], { nullable: true })
  kinds?: AnomalyKindEnum[] | null;

  @Field(() => Float, { nullable: true, description: 'Minimum severity, in [0, 1].' })
  minScore?: number | null;

  @Field(() => [String], { nullable: true, description: 'ISO country codes, any case.' })
  countries?: string[] | null;
}

@ObjectType({ description: 'A page of alerts, newest first (Relay connection).' })
export class AlertConnection extends ConnectionType(AlertType, { name: 'Alert', totalCountDescription: 'Alerts matching the filter, on all pages.' }) {}

@ObjectType({ description: 'Alerts by state: a dashboard badge.' })
export class AlertCounts {
  @Field(() => Int)
  open!: number;

  @Field(() => Int)
  acknowledged!: number;

  @Field(() => Int)
  resolved!: number;

  @Field(() => Int)
  suppressed!: number;
}

@InputType({ description: 'Suppresses alerts matching every field given (at least one); ip or cidr, not both.' })
export class SuppressionRuleInput {
  @Field(() => String, { nullable: true })
  ip?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. 203.0.113.0/24' })
  cidr?: string | null;

  @Field(() => Int, { nullable: true })
  asn?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166 alpha-2.' })
  countryCode?: string | null;

  @Field(() => String, { nullable: true })
  domain?: string | null;

  @Field(() => AnomalyKindEnum, { nullable: true })
  kind?: AnomalyKindEnum | null;

  @Field(() => String, { nullable: true, description: 'Why: "our forwarder at Example Corp".' })
  comment?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the rule stops applying; never when absent.' })
  expiresAt?: Date | null;
}

@ObjectType({ description: 'Alerts matching it are stored as SUPPRESSED instead of being raised.' })
export class SuppressionRule {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'Address or block, CIDR notation.' })
  network!: string | null;

  @Field(() => Int, { nullable: true })
  asn!: number | null;

  @Field(() => String, { nullable: true })
  countryCode!: string | null;

  @Field(() => String, { nullable: true })
  domain!: string | null;

  @Field(() => AnomalyKindEnum, { nullable: true })
  kind!: AnomalyKindEnum | null;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType()
export class CreateSuppressionRulePayload {
  @Field(() => SuppressionRule)
  rule!: SuppressionRule;

  @Field(() => Int, { description: 'Open or acknowledged alerts the rule suppressed (closeMatchingOpen).' })
  closedCount!: number;
}

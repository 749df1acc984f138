import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AlertFilter, AlertStateChangeView, AlertView } from '../src/alerts/alert-views.js';
import type { Principal } from '../src/auth/principal.js';
import { NotFoundError } from '../src/errors/app-error.js';
import type { CachedGeoLocation } from '../src/geolocation/cache/cached-geo-location.js';
import { storedGeolocation } from '../src/geolocation/stored-geolocation.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import { mapNodes, type Page } from '../src/pagination/page.js';
import {
  AlertConnection,
  AlertCounts,
  AlertFilterInput,
  AlertStateChangeType,
  AlertType,
  CreateSuppressionRulePayload,
  SuppressionRule,
  SuppressionRuleInput,
} from './alert.types.js';
import { Geolocation } from './geo.types.js';
import { AFTER_ARGUMENT } from './connection.types.js';

/**
 * Alert views and GraphQL types carry the same values (the enums' values are their names); the view's
 * stored location columns are served as `geolocation` only.
 */
export const toAlertType = (alert: AlertView): AlertType => alert as unknown as AlertType;

/** Permission rules let only authenticated callers reach the mutations. */
const who = (context: GraphQLContext): Principal => context.principal!;

const asFilter = (filter: AlertFilterInput | null | undefined): AlertFilter | null => (filter ?? null) as AlertFilter | null;

@Resolver(() => AlertType)
export class AlertResolver {
  @Query(() => AlertConnection, { description: 'Alerts, newest first.' })
  async alerts(
    @Ctx() { services }: GraphQLContext,
    @Arg('filter', () => AlertFilterInput, { nullable: true }) filter: AlertFilterInput | null,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<AlertType>> {
    return mapNodes(await services.alerts.list(asFilter(filter), { first, after }), toAlertType);
  }

  @Query(() => AlertType, { nullable: true, description: 'One alert; null when there is none with this id.' })
  async alert(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<AlertType | null> {
    const alert = await services.alerts.get(id);
    return alert && toAlertType(alert);
  }

  @Query(() => AlertCounts, { description: 'Alerts by state.' })
  alertCounts(@Ctx() { services }: GraphQLContext): Promise<AlertCounts> {
    return services.alerts.counts();
  }

  @FieldResolver(() => [AlertStateChangeType], { description: 'Every state change, oldest first (the first is the creation).' })
  async history(@Root() alert: AlertType, @Ctx() { services }: GraphQLContext): Promise<AlertStateChangeView[]> {
    return services.alerts.history(alert.id);
  }

  @FieldResolver(() => Geolocation, {
    nullable: true,
    description:
      'Where the source IP was when the alert was raised (from the geolocation cache); null when unknown. countryName, subdivision, accuracyRadiusKm and reservedRange are not kept with alerts and are null.',
  })
  geolocation(@Root() alert: AlertView): CachedGeoLocation | null {
    return storedGeolocation(alert.sourceIp, alert);
  }

  @Mutation(() => AlertType, { description: 'OPEN -> ACKNOWLEDGED. ALERT_STATE_CONFLICT from any other state, NOT_FOUND for an unknown id.' })
  async acknowledgeAlert(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<AlertType> {
    return toAlertType(await context.services.alerts.changeState(id, 'ACKNOWLEDGED', who(context), comment));
  }

  @Mutation(() => AlertType, { description: 'OPEN or ACKNOWLEDGED -> RESOLVED.' })
  async resolveAlert(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<AlertType> {
    return toAlertType(await context.services.alerts.changeState(id, 'RESOLVED', who(context), comment));
  }

  @Mutation(() => AlertType, { description: 'OPEN or ACKNOWLEDGED -> SUPPRESSED.' })
  async suppressAlert(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<AlertType> {
    return toAlertType(await context.services.alerts.changeState(id, 'SUPPRESSED', who(context), comment));
  }

  @Mutation(() => Int, { description: 'Acknowledges the OPEN alerts matching the filter (at most 5,000 per call, oldest first); returns how many.' })
  acknowledgeAlerts(@Ctx() context: GraphQLContext, @Arg('filter', () => AlertFilterInput) filter: AlertFilterInput, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<number> {
    return context.services.alerts.changeStates(asFilter(filter), 'ACKNOWLEDGED', who(context), comment);
  }

  @Mutation(() => Int, { description: 'Resolves the OPEN and ACKNOWLEDGED alerts matching the filter (at most 5,000 per call); returns how many.' })
  resolveAlerts(@Ctx() context: GraphQLContext, @Arg('filter', () => AlertFilterInput) filter: AlertFilterInput, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<number> {
    return context.services.alerts.changeStates(asFilter(filter), 'RESOLVED', who(context), comment);
  }

  @Mutation(() => Int, { description: 'Suppresses the OPEN and ACKNOWLEDGED alerts matching the filter (at most 5,000 per call); returns how many.' })
  suppressAlerts(@Ctx() context: GraphQLContext, @Arg('filter', () => AlertFilterInput) filter: AlertFilterInput, @Arg('comment', () => String, { nullable: true }) comment: string | null): Promise<number> {
    return context.services.alerts.changeStates(asFilter(filter), 'SUPPRESSED', who(context), comment);
  }

  @Query(() => [SuppressionRule], { description: 'Every suppression rule, newest first (expired ones included).' })
  suppressionRules(@Ctx() { services }: GraphQLContext): Promise<SuppressionRule[]> {
    return services.alerts.suppressionRules() as Promise<SuppressionRule[]>;
  }

  @Mutation(() => CreateSuppressionRulePayload, {
    description:
      'Future matching alerts are stored SUPPRESSED, not raised; closeMatchingOpen also suppresses the matching OPEN and ACKNOWLEDGED ones. ' +
      'A cidr wider than /16 (IPv4) or /32 (IPv6) is SUPPRESSION_RULE_TOO_BROAD unless allowBroad is true.',
  })
  async createSuppressionRule(
    @Ctx() context: GraphQLContext,
    @Arg('input', () => SuppressionRuleInput) input: SuppressionRuleInput,
    @Arg('closeMatchingOpen', () => Boolean, { defaultValue: false }) closeMatchingOpen: boolean,
    @Arg('allowBroad', () => Boolean, { defaultValue: false, description: 'Confirms a cidr wider than /16 (IPv4) or /32 (IPv6), up to 0.0.0.0/0.' }) allowBroad: boolean,
  ): Promise<CreateSuppressionRulePayload> {
    const { rule, closedCount } = await context.services.alerts.createSuppressionRule(input, who(context), closeMatchingOpen, allowBroad);
    return { rule: rule as SuppressionRule, closedCount };
  }

  @Mutation(() => Boolean, { description: 'Deletes the rule (alerts it suppressed stay SUPPRESSED); NOT_FOUND for an unknown id.' })
  async deleteSuppressionRule(@Ctx() { services }: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    const deleted = await services.alerts.deleteSuppressionRule(id);
    if (!deleted) throw new NotFoundError(`suppression rule ${id} not found`);
    return deleted;
  }
}

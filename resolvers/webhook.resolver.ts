import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { principalName } from '../src/auth/principal.js';
import type { GraphQLContext } from '../src/graphql/context.js';
import type { Page } from '../src/pagination/page.js';
import type { DeliverySummary, WebhookAudit, WebhookFilter, WebhookSummary } from '../src/webhooks/index.js';
import { requirePrincipal } from './auth.resolver.js';
import { CreateWebhookPayload, WebhookDeliveryConnection, WebhookDeliveryType, WebhookFilterInput, WebhookType } from './webhook.types.js';
import { AFTER_ARGUMENT } from './connection.types.js';

/** Who changes a webhook and from where, for the audit lines of src/webhooks. */
const audit = (context: GraphQLContext): WebhookAudit => ({ by: principalName(requirePrincipal(context)), clientIp: context.clientIp });

/** Outbound webhooks, managed by administrators (src/auth/permissions.ts). */
@Resolver()
export class WebhookResolver {
  @Query(() => [WebhookType], { description: 'Every webhook, oldest first; never a secret.' })
  async webhooks(@Ctx() { services }: GraphQLContext): Promise<WebhookSummary[]> {
    return services.webhooks.list();
  }

  @Mutation(() => CreateWebhookPayload, { description: 'Registers an endpoint for alerts matching `filter` (all alerts without one). Only http(s) URLs; in production no private or loopback targets unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true.' })
  async createWebhook(
    @Ctx() context: GraphQLContext,
    @Arg('url', () => String) url: string,
    @Arg('filter', () => WebhookFilterInput, { nullable: true }) filter: WebhookFilterInput | null,
    @Arg('secret', () => String, { nullable: true, description: '16 to 200 characters; generated when absent.' }) secret: string | null,
    @Arg('description', () => String, { nullable: true }) description: string | null,
  ): Promise<{ webhook: WebhookSummary; secret: string }> {
    const principal = requirePrincipal(context);
    return context.services.webhooks.create(
      { url, filter: filter as WebhookFilter | null, secret, description, createdBy: principal.kind === 'user' ? principal.id : null },
      audit(context),
    );
  }

  @Mutation(() => WebhookType, { description: 'Changes what is given; `enabled: false` pauses deliveries, `true` resumes them.' })
  async updateWebhook(
    @Ctx() context: GraphQLContext,
    @Arg('id', () => ID) id: string,
    @Arg('url', () => String, { nullable: true }) url: string | null,
    @Arg('filter', () => WebhookFilterInput, { nullable: true }) filter: WebhookFilterInput | null,
    @Arg('enabled', () => Boolean, { nullable: true }) enabled: boolean | null,
    @Arg('description', () => String, { nullable: true }) description: string | null | undefined,
    @Arg('secret', () => String, { nullable: true, description: 'A new signing secret, 16 to 200 characters.' }) secret: string | null,
  ): Promise<WebhookSummary> {
    return context.services.webhooks.update(id, { url, filter: filter as WebhookFilter | null, enabled, description, secret }, audit(context));
  }

  @Mutation(() => Boolean, { description: 'Deletes the webhook and its delivery history.' })
  async deleteWebhook(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return context.services.webhooks.delete(id, audit(context));
  }

  @Mutation(() => WebhookDeliveryType, { description: 'Sends a test event (type webhook.test, a sample alert) now, once, and answers with its delivery.' })
  async testWebhook(@Ctx() context: GraphQLContext, @Arg('id', () => ID) id: string): Promise<DeliverySummary> {
    return context.services.webhooks.test(id, audit(context));
  }

  @Query(() => WebhookDeliveryConnection, { description: 'Deliveries, newest first, of one webhook or of all.' })
  async webhookDeliveries(
    @Ctx() { services }: GraphQLContext,
    @Arg('webhookId', () => ID, { nullable: true }) webhookId: string | null,
    @Arg('first', () => Int, { defaultValue: 20, description: '1 to 100.' }) first: number,
    @Arg('after', () => String, AFTER_ARGUMENT) after: string | null,
  ): Promise<Page<DeliverySummary>> {
    return services.webhooks.deliveries({ webhookId, first, after });
  }
}

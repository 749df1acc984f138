import type { Principal } from '../auth/principal.js';
import type { Services } from '../app/services.js';
import type { Logger } from '../logging/logger.js';
import type { SubscriptionSink } from '../subscriptions/subscription-sink.js';

/** Per-request GraphQL context. */
export interface GraphQLContext {
  readonly logger: Logger;
  readonly services: Services;
  /** Who is calling; null for anonymous requests (which src/auth/permissions.ts refuses almost everywhere). */
  readonly principal: Principal | null;
  /** The caller's address, for security logs (failed logins). */
  readonly clientIp: string;
  /** Subscriptions over a transport that takes pre-serialized results (WebSocket): where they go. */
  readonly subscriptionSink?: SubscriptionSink;
}

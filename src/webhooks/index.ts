export { DEFAULT_RETRY_DELAYS_MS } from './retry-schedule.js';
export { WebhookTargetError } from './target-policy.js';
export type { WebhookAlert, WebhookEventType } from './webhook-alert.js';
export type { WebhookFilter } from './webhook-filter.js';
export { alertText, type WebhookPayload } from './webhook-payload.js';
export { WebhookService, MAX_DELIVERIES_PAGE, type WebhookAudit, type WebhookServiceOptions, type WebhookSettings } from './webhook-service.js';
export { DEFAULT_TOLERANCE_SECONDS, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader, verifyWebhookSignature } from './webhook-signature.js';
export type { DeliveryRun, DeliverySummary, WebhookSummary } from './webhook-views.js';

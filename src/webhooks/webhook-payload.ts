import { alertKindPhrase } from '../alerts/alert-kind-labels.js';
import { storedGeolocation } from '../geolocation/stored-geolocation.js';
import type { WebhookAlert, WebhookAlertStateChange, WebhookEventType } from './webhook-alert.js';

/** The JSON body of a delivery. `text` makes it a valid Slack (and Teams) incoming-webhook message as is. */
export interface WebhookPayload {
  /** The delivery id, also in the X-Dmarc-Delivery header: the same on every retry. */
  readonly id: string;
  readonly type: WebhookEventType;
  readonly createdAt: string;
  readonly text: string;
  readonly alert: Record<string, unknown>;
}

/** The body of one delivery, serialized once: every attempt sends the same bytes. */
export function webhookBody(deliveryId: string, type: WebhookEventType, alert: WebhookAlert, createdAt: Date, history: readonly WebhookAlertStateChange[]): string {
  const payload: WebhookPayload = { id: deliveryId, type, createdAt: createdAt.toISOString(), text: alertText(type, alert), alert: alertJson(alert, history) };
  return JSON.stringify(payload);
}

/**
 * The alert with every field of the GraphQL Alert type, `history` as of the event included;
 * unknown values are null, dates ISO 8601. Where the sender is travels as `geolocation`, the same
 * object as GraphQL's Alert.geolocation.
 */
function alertJson(alert: WebhookAlert, history: readonly WebhookAlertStateChange[]): Record<string, unknown> {
  const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
  return {
    id: alert.id,
    kind: alert.kind,
    state: alert.state,
    score: alert.score,
    sourceIp: alert.sourceIp,
    domains: alert.domains,
    geolocation: storedGeolocation(alert.sourceIp, alert),
    reasons: alert.reasons,
    evidence: alert.evidence ?? {},
    modelId: alert.modelId ?? null,
    messageCount: alert.messageCount,
    firstSeenAt: iso(alert.firstSeenAt),
    lastSeenAt: iso(alert.lastSeenAt),
    createdAt: iso(alert.createdAt),
    stateChangedAt: iso(alert.stateChangedAt),
    stateChangedBy: alert.stateChangedBy ?? null,
    comment: alert.comment ?? null,
    suppressionRuleId: alert.suppressionRuleId ?? null,
    history: history.map((change) => ({ ...change, at: change.at.toISOString() })),
    sender: alert.sender
      ? (({ id, domain, name, type, classification, confidence, approval, summary }) => ({ id, domain, name, type, classification, confidence, approval, summary }))(alert.sender)
      : null,
    failureReportCount: alert.failureReportCount ?? 0,
  };
}

const HEADLINES: Record<WebhookEventType, string> = {
  'alert.raised': 'New DMARC alert',
  'alert.updated': 'DMARC alert updated',
  'webhook.test': 'Test event from dmarc-analytics (not a real alert)',
};

/**
 * One readable message in Slack's mrkdwn (Teams renders the same text as Markdown-ish plain text):
 * what, who, where, how much, why.
 */
export function alertText(type: WebhookEventType, alert: WebhookAlert): string {
  const where = [alert.city, alert.countryCode].filter(Boolean).join(', ');
  const network = alert.asn != null ? `AS${alert.asn}${alert.asOrganization ? ` ${alert.asOrganization}` : ''}` : '';
  const origin = [network, where].filter(Boolean).join(', ');
  const lines = [
    `*${HEADLINES[type]}*: ${alertKindPhrase(alert.kind)}, anomaly score ${alert.score.toFixed(2)}${type === 'alert.updated' ? `, now ${alert.state}` : ''}`,
    alert.sourceIp === null
      ? `${alert.domains.join(', ') || 'unknown domains'}: ${alert.messageCount} failed TLS session${alert.messageCount === 1 ? '' : 's'}`
      : // "Twilio SendGrid (misconfigured: DKIM d=sendgrid.net, not aligned) at 167.89.1.1 (AS11377, Denver, US) sent ...": who first, then where.
        `${alert.sender ? `${alert.sender.summary} at ` : ''}${alert.sourceIp}${origin ? ` (${origin})` : ''} sent ${alert.messageCount} message${alert.messageCount === 1 ? '' : 's'} as ${alert.domains.join(', ') || 'unknown domains'}`,
    ...alert.reasons.slice(0, 5).map((reason) => `• ${reason}`),
  ];
  if (type === 'alert.updated' && alert.stateChangedBy) lines.push(`Changed by ${alert.stateChangedBy}${alert.comment ? `: ${alert.comment}` : ''}`);
  return escapeSlack(lines.join('\n'));
}

/** Slack treats &, < and > as control characters (links, mentions); everything else is literal. */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

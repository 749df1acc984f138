/**
 * What kind of service a sender is. The service map's own categories (parsedmarc's 46 types, our
 * Forwarder and Mailing List) fold into these; classification reads them (src/senders/classification).
 */
export const SENDER_TYPES = [
  'EMAIL_PROVIDER',
  'ESP_MARKETING',
  'SAAS',
  'SECURITY_GATEWAY',
  'FORWARDER',
  'HOSTING',
  'ISP_RESIDENTIAL',
  'ORGANIZATION',
  'UNKNOWN',
] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

/** Services that send mail for their customers: one authenticating as itself only is misconfigured, not an attacker. */
export const LEGITIMATE_SERVICE_TYPES: ReadonlySet<SenderType> = new Set(['EMAIL_PROVIDER', 'ESP_MARKETING', 'SAAS', 'SECURITY_GATEWAY']);

const BY_CATEGORY: Readonly<Record<string, SenderType>> = {
  'email provider': 'EMAIL_PROVIDER',
  marketing: 'ESP_MARKETING',
  saas: 'SAAS',
  'email security': 'SECURITY_GATEWAY',
  forwarder: 'FORWARDER',
  'mailing list': 'FORWARDER',
  'web host': 'HOSTING',
  iaas: 'HOSTING',
  paas: 'HOSTING',
  msp: 'HOSTING',
  isp: 'ISP_RESIDENTIAL',
};

/**
 * The type of a map category: the sending kinds by name, ISPs as residential, hosting of every
 * kind as hosting, and an industry (Finance, Education, ...) as an organisation sending from its
 * own servers.
 */
export function senderTypeOfCategory(category: string): SenderType {
  return BY_CATEGORY[category.trim().toLowerCase()] ?? 'ORGANIZATION';
}

/**
 * Alert kinds in words, for people: the map's list and toasts, webhook messages. Kept free of
 * imports so that the browser pages (web/) bundle it too. Sentence case; mid-sentence, lower the
 * first letter (`alertKindPhrase`).
 */
export const alertKindLabels = {
  MODEL: 'Unusual sender',
  NEW_COUNTRY: 'New country',
  NEW_SENDING_IP: 'New sending IP',
  PASS_RATE_DROP: 'Pass rate drop',
  VOLUME_SPIKE: 'Volume spike',
  TLS_FAILURES: 'TLS failures',
} as const;

export type AlertKindName = keyof typeof alertKindLabels;

/** The label of a kind; an unknown kind (a newer server) in plain words rather than a code. */
export function alertKindLabel(kind: string): string {
  const label = (alertKindLabels as Record<string, string | undefined>)[kind];
  if (label !== undefined) return label;
  const words = kind.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The label inside a sentence: "New DMARC alert: new sending IP". */
export function alertKindPhrase(kind: string): string {
  const label = alertKindLabel(kind);
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** The normalized shape of an SMTP TLS report (RFC 8460), whatever spelling the reporter used. */

/** RFC 8460 section 4.3; a word outside the list is kept as written (lower-cased), with a warning. */
export const TLS_POLICY_TYPES = ['sts', 'tlsa', 'no-policy-found'] as const;

/** RFC 8460 section 4.3 (result types of negotiation, policy and general failures). */
export const TLS_RESULT_TYPES = [
  'starttls-not-supported',
  'certificate-host-mismatch',
  'certificate-expired',
  'certificate-not-trusted',
  'validation-failure',
  'tlsa-invalid',
  'dnssec-invalid',
  'dane-required',
  'sts-policy-fetch-error',
  'sts-policy-invalid',
  'sts-webpki-invalid',
] as const;

export interface TlsFailureDetail {
  /** One of TLS_RESULT_TYPES, or the reporter's own word (lower-cased). */
  readonly resultType: string;
  /** Canonical IP text (as for aggregate records); null when absent or no address. */
  readonly sendingMtaIp: string | null;
  readonly receivingIp: string | null;
  readonly receivingMxHostname: string | null;
  readonly receivingMxHelo: string | null;
  readonly failedSessions: number;
  /** `additional-information` (RFC 8460) or `additional-info-uri` (some reporters). */
  readonly additionalInformation: string | null;
  readonly failureReasonCode: string | null;
}

export interface TlsPolicy {
  /** One of TLS_POLICY_TYPES, or the reporter's own word (lower-cased). */
  readonly policyType: string;
  /** Lower-cased. */
  readonly policyDomain: string;
  readonly policyStrings: readonly string[];
  /** `mx-host` (the RFC's example) or `mx-host-pattern` (its schema), one pattern or several. */
  readonly mxHosts: readonly string[];
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly failureDetails: readonly TlsFailureDetail[];
}

export interface TlsReport {
  readonly organizationName: string;
  /** Null when the reporter left it out (RFC 8460 requires it; parsedmarc refuses such reports). */
  readonly contactInfo: string | null;
  readonly reportId: string;
  readonly begin: Date;
  readonly end: Date;
  readonly policies: readonly TlsPolicy[];
  /** What was recovered from, in words. */
  readonly warnings: readonly string[];
}

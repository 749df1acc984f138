
export interface TlsFailureDetailView {
  readonly resultType: string;
  readonly sendingMtaIp: string | null;
  readonly receivingIp: string | null;
  readonly receivingMxHostname: string | null;
  readonly receivingMxHelo: string | null;
  readonly failedSessions: number;
  readonly additionalInformation: string | null;
  readonly failureReasonCode: string | null;
}

export interface TlsPolicyView {
  readonly id: number;
  readonly policyType: string;
  readonly policyDomain: string;
  readonly policyStrings: readonly string[];
  readonly mxHosts: readonly string[];
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly failureDetails: readonly TlsFailureDetailView[];
}

/** An SMTP TLS report as the API shows it; its policies are read on demand. */
export interface TlsReportView {
  readonly id: number;
  readonly orgName: string;
  readonly reportId: string;
  readonly contactInfo: string | null;
  readonly dateBegin: Date;
  readonly dateEnd: Date;
  readonly policyDomains: readonly string[];
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly warnings: readonly string[];
  readonly receivedAt: Date;
}


export interface TlsReportFilter {
  /** A policy domain of the report, exact (case-insensitive). */
  readonly domain?: string | null;
  /** A sending MTA address of its failure details. */
  readonly sourceIp?: string | null;
  /** Reports starting at or after. */
  readonly from?: Date | null;
  /** Reports starting before. */
  readonly to?: Date | null;
  /** A result type of its failure details (certificate-expired, ...). */
  readonly resultType?: string | null;
}

export interface TlsDayView {
  /** YYYY-MM-DD (UTC), by report start. */
  readonly date: string;
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly successRate: number | null;
}

export interface TlsFailureTypeView {
  readonly resultType: string;
  readonly failedSessions: number;
  /** Of all failed sessions in the window. */
  readonly share: number;
}

/** How a domain's inbound TLS fared over the last `days` UTC days. */
export interface TlsSummaryView {
  readonly domain: string;
  readonly days: number;
  readonly from: Date;
  readonly to: Date;
  readonly reports: number;
  readonly successfulSessions: number;
  readonly failedSessions: number;
  /** Null when no session was reported. */
  readonly successRate: number | null;
  readonly daily: readonly TlsDayView[];
  readonly topFailureTypes: readonly TlsFailureTypeView[];
}

/** One domain's line of the TLS overview. */
export interface TlsDomainView {
  readonly domain: string;
  readonly reports: number;
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly successRate: number | null;
  /** The result type with the most failed sessions; null without failures. */
  readonly topFailureType: string | null;
}

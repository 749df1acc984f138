import type { CachedGeoLocation } from '../geolocation/cache/cached-geo-location.js';

export interface HeaderFieldView {
  readonly name: string;
  readonly value: string;
}

/** The failed message as stored (FAILURE_SAMPLE_CONTENT, FAILURE_LOCAL_PARTS). */
export interface FailureSampleView {
  /** MESSAGE: the receiver attached the whole message; HEADERS: only its header. */
  readonly kind: 'MESSAGE' | 'HEADERS';
  readonly from: string | null;
  readonly to: readonly string[];
  readonly subject: string | null;
  readonly date: Date | null;
  readonly messageId: string | null;
  readonly headers: readonly HeaderFieldView[];
  /** Null unless FAILURE_SAMPLE_CONTENT=headers-and-body (or the sample had none). */
  readonly body: string | null;
  readonly urls: readonly string[];
  readonly attachmentNames: readonly string[];
}

/** A failure report as the API shows it (ANALYST and ADMIN: it is personal data). */
export interface FailureReportView {
  readonly id: number;
  readonly format: 'ARF' | 'TEXT';
  readonly feedbackType: string;
  readonly userAgent: string | null;
  readonly arrivalDate: Date;
  readonly receivedAt: Date;
  readonly sourceIp: string | null;
  readonly reportedDomain: string;
  readonly reporterDomain: string | null;
  readonly authenticationResults: string | null;
  readonly originalMailFrom: string | null;
  readonly originalRcptTo: readonly string[];
  readonly deliveryResult: string | null;
  readonly authFailure: readonly string[];
  readonly identityAlignment: readonly string[];
  readonly dkimDomain: string | null;
  readonly dkimSelector: string | null;
  readonly fields: readonly HeaderFieldView[];
  readonly sample: FailureSampleView | null;
  readonly warnings: readonly string[];
  /** Where the source IP is (geolocation cache); null without a source IP or a GeoIP database. */
  readonly geolocation: CachedGeoLocation | null;
}


export interface FailureReportFilter {
  /** Reported domain, exact (case-insensitive). */
  readonly domain?: string | null;
  readonly sourceIp?: string | null;
  /** Arrived at or after. */
  readonly from?: Date | null;
  /** Arrived before. */
  readonly to?: Date | null;
  /** An Auth-Failure type: dmarc, dkim, spf, ... */
  readonly authFailure?: string | null;
}

/**
 * The normalized shape of a DMARC failure report (RFC 6591 ARF as profiled by RFC 7489 and
 * RFC 9991, or a plain-text report without an ARF part), as read: nothing is redacted here. What
 * is kept of it is decided when it is stored (src/ingestion/failure/redaction.ts).
 */

export interface HeaderField {
  /** As written (case kept). */
  readonly name: string;
  /** Unfolded, not decoded (encoded words stay as sent). */
  readonly value: string;
}

/** The failed message as the receiver attached it. */
export interface FailureSample {
  /** `message`: the whole message (message/rfc822); `headers`: its header only (text/rfc822-headers, a header copy, or a message sent without body). */
  readonly kind: 'message' | 'headers';
  readonly headers: readonly HeaderField[];
  /** Decoded `Name <address>` of From; null when absent. */
  readonly from: string | null;
  readonly to: readonly string[];
  /** Decoded. */
  readonly subject: string | null;
  readonly date: Date | null;
  readonly messageId: string | null;
  /** The text of the body (HTML reduced to text), at most MAX_BODY_CHARS; null for a header-only sample. */
  readonly body: string | null;
  /** http(s) URLs of the body, in order of appearance, each once. */
  readonly urls: readonly string[];
  readonly attachmentNames: readonly string[];
}

export type FailureReportFormat = 'arf' | 'text';

export interface FailureReport {
  /** `arf`: a message/feedback-report part; `text`: a plain-text report (Exim's and similar). */
  readonly format: FailureReportFormat;
  /**
   * SHA-256 (hex) of what makes the report this report: reported domain, source IP, arrival date,
   * envelope, auth failures and the sample's content (line ends and trailing blanks normalized).
   * The same report sent again, in another e-mail or with CRLF line ends, has the same identity.
   */
  readonly identity: string;
  /** auth-failure for DMARC failure reports (the default when a reporter leaves it out). */
  readonly feedbackType: string;
  readonly userAgent: string | null;
  readonly version: string | null;
  readonly arrivalDate: Date | null;
  /** Canonical IP text; null when the report names none we can read (with a warning). */
  readonly sourceIp: string | null;
  /** Lower-cased: Reported-Domain, else the sample's From domain, else header.from of Authentication-Results. */
  readonly reportedDomain: string;
  readonly authenticationResults: string | null;
  readonly originalMailFrom: string | null;
  readonly originalRcptTo: readonly string[];
  readonly originalEnvelopeId: string | null;
  /** delivered, spam, policy, reject, other (RFC 6591), or the reporter's own word, lower-cased. */
  readonly deliveryResult: string | null;
  /** dmarc, spf, dkim, bodyhash, revoked, signature, adsp (RFC 6591 / 9991), lower-cased. */
  readonly authFailure: readonly string[];
  /** Which mechanisms aligned (RFC 9991 Identity-Alignment: dkim, spf); empty for none. */
  readonly identityAlignment: readonly string[];
  readonly dkimDomain: string | null;
  readonly dkimIdentity: string | null;
  readonly dkimSelector: string | null;
  readonly spfDns: string | null;
  readonly reportingMta: string | null;
  /** Domain of the report e-mail's From (who sent the report), lower-cased. */
  readonly reporterDomain: string | null;
  /** Every feedback field as written (DKIM-Canonicalized-Body and -Header excepted: they are the message itself). */
  readonly fields: readonly HeaderField[];
  readonly sample: FailureSample | null;
  readonly warnings: readonly string[];
}

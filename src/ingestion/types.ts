/** The normalized shape of a DMARC aggregate report, whatever format or container it came in. */
import type { FailureReport } from './failure/failure-report.js';
import type { TlsReport } from './tls/tls-report.js';

export type { FailureReport, FailureSample, HeaderField } from './failure/failure-report.js';
export type { TlsFailureDetail, TlsPolicy, TlsReport } from './tls/tls-report.js';

export type SchemaVersion = 'draft' | 'rfc7489' | 'rfc9990';
export type Alignment = 'r' | 's';
export type PolicyAction = 'none' | 'quarantine' | 'reject';
/** RFC 9990 adds `pass` (the message passed DMARC, no policy applied). */
export type Disposition = PolicyAction | 'pass';
export type DmarcResult = 'pass' | 'fail';
export type PolicyOverride =
  | 'forwarded'
  | 'sampled_out'
  | 'trusted_forwarder'
  | 'mailing_list'
  | 'local_policy'
  | 'policy_test_mode'
  | 'other';
export type DkimResult = 'none' | 'pass' | 'fail' | 'policy' | 'neutral' | 'temperror' | 'permerror';
export type SpfResult = 'none' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'temperror' | 'permerror';
export type SpfScope = 'helo' | 'mfrom';
export type DiscoveryMethod = 'psl' | 'treewalk';
/**
 * A result word outside the RFC's list (`unknown`), kept as the reporter wrote it (lower-cased)
 * rather than mapped to a listed one; the report's warnings say so. `& Record<never, never>`
 * keeps the listed words visible to the compiler next to it.
 */
export type UnlistedWord = string & Record<never, never>;

export interface ReportMetadata {
  readonly orgName: string;
  /** Null when the reporter left it empty (the org name then says who reported). */
  readonly email: string | null;
  readonly extraContactInfo: string | null;
  readonly reportId: string;
  readonly begin: Date;
  readonly end: Date;
  readonly errors: readonly string[];
  readonly generator: string | null;
  readonly schemaVersion: SchemaVersion;
}

/** `null` means the reporter did not state the tag; RFC defaults are the consumer's call. */
export interface PublishedPolicy {
  readonly domain: string;
  readonly adkim: Alignment | null;
  readonly aspf: Alignment | null;
  /** Null when the reporter left `<p>` empty (with a warning). */
  readonly p: PolicyAction | null;
  readonly sp: PolicyAction | null;
  readonly np: PolicyAction | null;
  readonly pct: number | null;
  readonly fo: string | null;
  readonly testing: 'y' | 'n' | null;
  readonly discoveryMethod: DiscoveryMethod | null;
}

export interface PolicyOverrideReason {
  readonly type: PolicyOverride;
  readonly comment: string | null;
}

export interface DkimAuthResult {
  readonly domain: string | null;
  readonly selector: string | null;
  readonly result: DkimResult | UnlistedWord;
  readonly humanResult: string | null;
}

export interface SpfAuthResult {
  readonly domain: string | null;
  readonly scope: SpfScope | null;
  readonly result: SpfResult | UnlistedWord;
}

export interface DmarcRecord {
  /** IPv4 dotted quad or RFC 5952 IPv6 text. */
  readonly sourceIp: string;
  readonly count: number;
  /** This and the aligned results and header_from are null when the reporter left them empty or out (with a warning). */
  readonly disposition: Disposition | null;
  readonly dkim: DmarcResult | null;
  readonly spf: DmarcResult | null;
  readonly reasons: readonly PolicyOverrideReason[];
  readonly headerFrom: string | null;
  readonly envelopeFrom: string | null;
  readonly envelopeTo: string | null;
  readonly dkimResults: readonly DkimAuthResult[];
  readonly spfResults: readonly SpfAuthResult[];
}

/** Everything before the first record: what the DB layer needs to create the report row. */
export interface ReportHeader {
  readonly metadata: ReportMetadata;
  readonly policy: PublishedPolicy;
}

export interface ReportSummary {
  readonly recordCount: number;
  /** Sum of the records' counts: the number of messages the report covers. */
  readonly messageCount: number;
  /** Reporter defects we recovered from, in words, for the operator's log. */
  readonly warnings: readonly string[];
}

export interface ParsedReport extends ReportHeader, ReportSummary {
  /** Name of the document inside its container (file name, zip entry, attachment). */
  readonly source: string;
  readonly records: readonly DmarcRecord[];
}

/**
 * What the streaming API yields, in this order for each report in the input:
 * `header`, zero or more `records` batches, `end`. An error thrown mid-way means the report is
 * refused as a whole: roll back what was written for it.
 */
export type ReportEvent =
  | { readonly type: 'header'; readonly source: string; readonly header: ReportHeader }
  | { readonly type: 'records'; readonly source: string; readonly records: readonly DmarcRecord[] }
  | {
      readonly type: 'end';
      readonly source: string;
      readonly summary: ReportSummary;
      /** The report is one of several `<feedback>` documents concatenated in one file. */
      readonly concatenated: boolean;
    };

/**
 * What `streamReportEvents` yields: the parser's events, with the SHA-256 (hex) of the report's
 * XML document bytes (as found inside any container) added to `end`; null for a report of a file
 * holding several concatenated documents (its bytes are no document of their own).
 */
export type StreamedReportEvent =
  | Exclude<ReportEvent, { readonly type: 'end' }>
  | (Extract<ReportEvent, { readonly type: 'end' }> & { readonly contentSha256: string | null })
  | WholeReportEvent;

/**
 * The other two kinds a DMARC mailbox receives, each small and read whole (a TLS report's JSON is
 * at most `maxJsonBytes`, a failure report is one e-mail): one event per report, carrying the
 * SHA-256 (hex) of its document (the JSON, or the failure report's e-mail).
 */
export type WholeReportEvent =
  | { readonly type: 'tls'; readonly source: string; readonly report: TlsReport; readonly contentSha256: string }
  | { readonly type: 'failure'; readonly source: string; readonly report: FailureReport; readonly contentSha256: string };

/** What the report queries return: plain data, shaped for the API rather than for the tables. */

export interface PublishedPolicyView {
  readonly domain: string;
  readonly adkim: string | null;
  readonly aspf: string | null;
  readonly p: string | null;
  readonly sp: string | null;
  readonly np: string | null;
  readonly pct: number | null;
  readonly fo: string | null;
  readonly testing: string | null;
  readonly discoveryMethod: string | null;
}

export interface ReportView {
  readonly id: number;
  readonly schemaVersion: string;
  readonly orgName: string;
  readonly orgEmail: string | null;
  readonly extraContactInfo: string | null;
  readonly reportId: string;
  readonly dateBegin: Date;
  readonly dateEnd: Date;
  readonly errors: readonly string[];
  readonly generator: string | null;
  readonly policy: PublishedPolicyView;
  readonly recordCount: number;
  readonly messageCount: number;
  /** What the parser repaired to read the report; empty when nothing. */
  readonly warnings: readonly string[];
  /** SHA-256 (hex) of the report's XML document; null for reports stored before it was kept. */
  readonly contentSha256: string | null;
  readonly ingestedAt: Date;
}

export interface AuthResultView {
  readonly method: string;
  readonly domain: string;
  readonly selector: string | null;
  readonly scope: string | null;
  readonly result: string;
  readonly humanResult: string | null;
}

export interface RecordView {
  readonly id: number;
  readonly sourceIp: string;
  readonly count: number;
  readonly disposition: string | null;
  readonly dkimAligned: string | null;
  readonly spfAligned: string | null;
  readonly reasons: readonly { readonly type: string; readonly comment: string | null }[];
  readonly headerFrom: string | null;
  readonly envelopeFrom: string | null;
  readonly envelopeTo: string | null;
  readonly authResults: readonly AuthResultView[];
}

export interface DailyPassRates {
  /** UTC day, YYYY-MM-DD. */
  readonly date: string;
  readonly messages: number;
  readonly dmarcPass: number;
  /** dmarcPass / messages; null on a day without messages. */
  readonly passRate: number | null;
}

export interface PassRateSummary {
  readonly from: Date;
  readonly to: Date;
  readonly domain: string | null;
  readonly totalMessages: number;
  readonly dmarcPass: number;
  readonly spfPass: number;
  readonly dkimPass: number;
  readonly dmarcPassRate: number | null;
  readonly spfPassRate: number | null;
  readonly dkimPassRate: number | null;
  readonly daily: readonly DailyPassRates[];
}

/** How parsedmarc's verdict on a report file and ours are compared (scripts/compare-parsedmarc.ts). */

/** parsedmarc's report_type. */
export type ReportKind = 'aggregate' | 'failure' | 'smtp_tls';

export interface ParsedmarcVerdict {
  readonly file: string;
  readonly verdict: 'accepted' | 'refused';
  /** What parsedmarc read the file as; null when it refused it. */
  readonly kind: ReportKind | null;
  /** An aggregate report's records, a TLS report's policies, 1 for a failure report. */
  readonly records: number;
  readonly error: string | null;
}

/** What we read of a file, kind by kind: reports and, for aggregates, records; for TLS reports, policies. */
export interface OurCounts {
  readonly aggregate: { readonly reports: number; readonly records: number };
  readonly failure: { readonly reports: number };
  readonly smtp_tls: { readonly reports: number; readonly policies: number };
}

export type OurVerdict =
  | ({ readonly verdict: 'accepted' } & OurCounts)
  | { readonly verdict: 'refused'; readonly code: string; readonly message: string };

/**
 * - `fail`: parsedmarc reads the file and we refuse it, read it as another kind, or read fewer
 *   records (policies, for a TLS report): a hole in the user's picture that parsedmarc would not have.
 * - `more`: we read more than parsedmarc: several reports in the file (parsedmarc reads the first
 *   report of a zip or of concatenated documents), records it drops (a source IP with a port):
 *   noted, not a failure.
 * - `ok`: the same verdict and, when accepted, the same reports and records; also a file
 *   parsedmarc refuses and we read (recoveries parsedmarc lacks) or both refuse.
 */
export type ComparisonOutcome = 'ok' | 'more' | 'fail';

const KIND_NAMES: Record<ReportKind, string> = { aggregate: 'aggregate report', failure: 'failure report', smtp_tls: 'TLS report' };

export function compareVerdicts(parsedmarc: ParsedmarcVerdict, ours: OurVerdict): { outcome: ComparisonOutcome; note: string } {
  if (parsedmarc.verdict === 'refused') {
    return { outcome: 'ok', note: ours.verdict === 'accepted' ? 'we recover what parsedmarc refuses' : 'both refuse' };
  }
  if (ours.verdict === 'refused') return { outcome: 'fail', note: `parsedmarc reads it, we refuse it: ${ours.code} ${ours.message}` };
  const kind = parsedmarc.kind ?? 'aggregate';
  const reports = ours[kind].reports;
  if (reports === 0) return { outcome: 'fail', note: `parsedmarc reads a ${KIND_NAMES[kind]}; we read none` };
  const mine = kind === 'aggregate' ? ours.aggregate.records : kind === 'smtp_tls' ? ours.smtp_tls.policies : reports;
  const unit = kind === 'smtp_tls' ? 'policies' : kind === 'aggregate' ? 'record(s)' : 'report(s)';
  if (mine < parsedmarc.records) return { outcome: 'fail', note: `${kind === 'smtp_tls' ? 'policy' : 'record'} counts differ: parsedmarc ${parsedmarc.records}, ours ${mine}` };
  if (mine === parsedmarc.records) return { outcome: 'ok', note: '' };
  return {
    outcome: 'more',
    note: reports > 1 ? `${reports} reports in the file; parsedmarc reads the first` : `we read ${mine - parsedmarc.records} ${unit} parsedmarc drops`,
  };
}

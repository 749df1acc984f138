/** How parsedmarc's verdict on a report file and ours are compared (scripts/compare-parsedmarc.ts). */

export interface ParsedmarcVerdict {
  readonly file: string;
  readonly verdict: 'accepted' | 'refused';
  readonly records: number;
  readonly error: string | null;
}

export type OurVerdict =
  | { readonly verdict: 'accepted'; readonly reports: number; readonly records: number }
  | { readonly verdict: 'refused'; readonly code: string; readonly message: string };

/**
 * - `fail`: parsedmarc reads the file and we refuse it, or we read fewer records: a hole in the
 *   user's picture that parsedmarc would not have.
 * - `more`: we read more records than parsedmarc, from several reports in the file (parsedmarc
 *   reads the first report of a zip or of concatenated documents): noted, not a failure.
 * - `ok`: the same verdict and, when accepted, the same records; also a file parsedmarc refuses
 *   and we read (recoveries parsedmarc lacks) or both refuse.
 */
export type ComparisonOutcome = 'ok' | 'more' | 'fail';

export function compareVerdicts(parsedmarc: ParsedmarcVerdict, ours: OurVerdict): { outcome: ComparisonOutcome; note: string } {
  if (parsedmarc.verdict === 'refused') {
    return { outcome: 'ok', note: ours.verdict === 'accepted' ? 'we recover what parsedmarc refuses' : 'both refuse' };
  }
  if (ours.verdict === 'refused') return { outcome: 'fail', note: `parsedmarc reads it, we refuse it: ${ours.code} ${ours.message}` };
  if (ours.records === parsedmarc.records) return { outcome: 'ok', note: '' };
  if (ours.records > parsedmarc.records && ours.reports > 1) {
    return { outcome: 'more', note: `${ours.reports} reports in the file; parsedmarc reads the first` };
  }
  return { outcome: 'fail', note: `record counts differ: parsedmarc ${parsedmarc.records}, ours ${ours.records}` };
}

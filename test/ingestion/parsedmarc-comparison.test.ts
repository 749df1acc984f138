import { describe, expect, it } from 'vitest';
import { compareVerdicts, type OurVerdict, type ParsedmarcVerdict, type ReportKind } from '../../scripts/parsedmarc-comparison.js';

/** How `npm run compare:parsedmarc` judges a file: parsedmarc reading what we refuse or lose fails it. */
describe('comparing parsedmarc\'s verdict with ours', () => {
  const read = (records: number, kind: ReportKind = 'aggregate'): ParsedmarcVerdict => ({ file: 'a.xml', verdict: 'accepted', kind, records, error: null });
  const refused: ParsedmarcVerdict = { file: 'a.xml', verdict: 'refused', kind: null, records: 0, error: 'ParserError: Missing field' };
  const ours = (counts: { aggregate?: [number, number]; failure?: number; tls?: [number, number] }): OurVerdict => ({
    verdict: 'accepted',
    aggregate: { reports: counts.aggregate?.[0] ?? 0, records: counts.aggregate?.[1] ?? 0 },
    failure: { reports: counts.failure ?? 0 },
    smtp_tls: { reports: counts.tls?.[0] ?? 0, policies: counts.tls?.[1] ?? 0 },
  });

  it('fails a file parsedmarc reads and we refuse', () => {
    expect(compareVerdicts(read(3), { verdict: 'refused', code: 'INVALID_REPORT', message: 'pct "50.0" is not a non-negative integer' })).toEqual({
      outcome: 'fail',
      note: 'parsedmarc reads it, we refuse it: INVALID_REPORT pct "50.0" is not a non-negative integer',
    });
  });

  it('fails a file of which we read fewer records, or fewer TLS policies', () => {
    expect(compareVerdicts(read(3), ours({ aggregate: [1, 2] }))).toEqual({ outcome: 'fail', note: 'record counts differ: parsedmarc 3, ours 2' });
    expect(compareVerdicts(read(2, 'smtp_tls'), ours({ tls: [1, 1] }))).toEqual({ outcome: 'fail', note: 'policy counts differ: parsedmarc 2, ours 1' });
  });

  it('fails a file we read as another kind than parsedmarc does', () => {
    expect(compareVerdicts(read(1, 'failure'), ours({ aggregate: [1, 1] }))).toEqual({ outcome: 'fail', note: 'parsedmarc reads a failure report; we read none' });
    expect(compareVerdicts(read(1, 'smtp_tls'), ours({ failure: 1 }))).toEqual({ outcome: 'fail', note: 'parsedmarc reads a TLS report; we read none' });
  });

  it('notes, without failing, the reports after the first and the records that parsedmarc does not read', () => {
    expect(compareVerdicts(read(1), ours({ aggregate: [2, 3] }))).toEqual({ outcome: 'more', note: '2 reports in the file; parsedmarc reads the first' });
    expect(compareVerdicts(read(3), ours({ aggregate: [1, 4] }))).toEqual({ outcome: 'more', note: 'we read 1 record(s) parsedmarc drops' });
  });

  it('passes the same reports, a recovery parsedmarc lacks, and a file both refuse', () => {
    expect(compareVerdicts(read(3), ours({ aggregate: [1, 3] }))).toEqual({ outcome: 'ok', note: '' });
    expect(compareVerdicts(read(1, 'failure'), ours({ failure: 1 }))).toEqual({ outcome: 'ok', note: '' });
    expect(compareVerdicts(read(2, 'smtp_tls'), ours({ tls: [1, 2] }))).toEqual({ outcome: 'ok', note: '' });
    expect(compareVerdicts(refused, ours({ failure: 1 }))).toEqual({ outcome: 'ok', note: 'we recover what parsedmarc refuses' });
    expect(compareVerdicts(refused, { verdict: 'refused', code: 'UNSAFE_XML', message: 'DTD' })).toEqual({ outcome: 'ok', note: 'both refuse' });
  });
});

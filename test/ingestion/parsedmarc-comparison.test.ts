import { describe, expect, it } from 'vitest';
import { compareVerdicts, type ParsedmarcVerdict } from '../../scripts/parsedmarc-comparison.js';

/** How `npm run compare:parsedmarc` judges a file: parsedmarc reading what we refuse or lose fails it. */
describe('comparing parsedmarc\'s verdict with ours', () => {
  const read = (records: number): ParsedmarcVerdict => ({ file: 'a.xml', verdict: 'accepted', records, error: null });
  const refused: ParsedmarcVerdict = { file: 'a.xml', verdict: 'refused', records: 0, error: 'ParserError: Missing field' };

  it('fails a file parsedmarc reads and we refuse', () => {
    expect(compareVerdicts(read(3), { verdict: 'refused', code: 'INVALID_REPORT', message: 'pct "50.0" is not a non-negative integer' })).toEqual({
      outcome: 'fail',
      note: 'parsedmarc reads it, we refuse it: INVALID_REPORT pct "50.0" is not a non-negative integer',
    });
  });

  it('fails a file of which we read fewer records, or more from one report', () => {
    expect(compareVerdicts(read(3), { verdict: 'accepted', reports: 1, records: 2 })).toEqual({ outcome: 'fail', note: 'record counts differ: parsedmarc 3, ours 2' });
    expect(compareVerdicts(read(3), { verdict: 'accepted', reports: 1, records: 4 }).outcome).toBe('fail');
  });

  it('notes, without failing, the reports after the first that parsedmarc does not read', () => {
    expect(compareVerdicts(read(1), { verdict: 'accepted', reports: 2, records: 3 })).toEqual({ outcome: 'more', note: '2 reports in the file; parsedmarc reads the first' });
  });

  it('passes the same records, a recovery parsedmarc lacks, and a file both refuse', () => {
    expect(compareVerdicts(read(3), { verdict: 'accepted', reports: 1, records: 3 })).toEqual({ outcome: 'ok', note: '' });
    expect(compareVerdicts(refused, { verdict: 'accepted', reports: 1, records: 1 })).toEqual({ outcome: 'ok', note: 'we recover what parsedmarc refuses' });
    expect(compareVerdicts(refused, { verdict: 'refused', code: 'UNSAFE_XML', message: 'DTD' })).toEqual({ outcome: 'ok', note: 'both refuse' });
  });
});

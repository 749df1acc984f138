import { describe, expect, it } from 'vitest';
import { createdAtCursor, cursorCodec, cursorField, descendingAfter } from '../../src/pagination/cursor.js';
import { mapNodes, pageOf } from '../../src/pagination/page.js';

const reportCursor = cursorCodec<{ dateBegin: Date; id: number }>({ dateBegin: cursorField.timestamp, id: cursorField.integer });
const anomalyCursor = cursorCodec<{ createdAt: string; score: number; id: string }>({
  createdAt: cursorField.exactTimestamp,
  score: cursorField.number,
  id: cursorField.bigintText,
});
const ID = '0b5a4c1e-62b4-4a8e-9d3f-2f0f4c4a9b11';
const refused = (text: string) => expect(() => createdAtCursor.decode(text)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/^invalid cursor/) }));

describe('the one cursor codec', () => {
  it('gives back the position it was made from, whatever the field types', () => {
    const createdAt = new Date('2026-12-07T10:11:12.345Z');
    expect(createdAtCursor.decode(createdAtCursor.encode({ createdAt, id: ID }))).toEqual({ createdAt, id: ID });
    expect(reportCursor.decode(reportCursor.encode({ dateBegin: createdAt, id: 42 }))).toEqual({ dateBegin: createdAt, id: 42 });
    const exact = { createdAt: '2026-12-07T10:11:12.345678Z', score: -0.6123456789012345, id: '9007199254740993' };
    expect(anomalyCursor.decode(anomalyCursor.encode(exact))).toEqual(exact);
  });

  it('reads only the keys it knows from a row, so a service passes its rows as they are', () => {
    const row = { createdAt: new Date('2026-01-01T00:00:00Z'), id: ID, url: 'https://example.com/hook', attempts: 3 };
    expect(createdAtCursor.decode(createdAtCursor.encode(row))).toEqual({ createdAt: row.createdAt, id: ID });
  });

  it('is text a URL or a JSON string carries as it is (base64url)', () => {
    expect(createdAtCursor.encode({ createdAt: new Date(0), id: ID })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses with BAD_USER_INPUT what it did not make: garbage, edits, the wrong arity, a cursor of another list', () => {
    refused('not-a-cursor');
    refused('');
    refused(Buffer.from('{"createdAt":"2026-01-01T00:00:00Z"}').toString('base64url'));
    refused(Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 'not-a-uuid'])).toString('base64url'));
    refused(Buffer.from(JSON.stringify(['yesterday', ID])).toString('base64url'));
    refused(Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', ID, 1])).toString('base64url'));
    refused(reportCursor.encode({ dateBegin: new Date(), id: 7 }));
    expect(() => reportCursor.decode(Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 1.5])).toString('base64url'))).toThrow(/invalid cursor/);
    expect(() => anomalyCursor.decode(Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 0.5, '1; DROP TABLE'])).toString('base64url'))).toThrow(/invalid cursor/);
  });
});

describe('descendingAfter', () => {
  it('is the keyset condition after a position, in the order of its keys', () => {
    const at = new Date('2026-12-07T00:00:00Z');
    expect(descendingAfter({ dateBegin: at, id: 5 })).toEqual({ $or: [{ dateBegin: { $lt: at } }, { dateBegin: at, id: { $lt: 5 } }] });
    expect(descendingAfter(reportCursor.decode(reportCursor.encode({ dateBegin: at, id: 5 })))).toEqual(descendingAfter({ dateBegin: at, id: 5 }));
  });
});

describe('pageOf and mapNodes', () => {
  const rows = [3, 2, 1].map((id) => ({ dateBegin: new Date(Date.UTC(2026, 0, id)), id }));

  it('serves `first` rows, says whether more follow (the extra row read), and ends at the last edge', () => {
    const page = pageOf(rows, 2, 10, reportCursor.encode, (row) => row.id);
    expect(page.edges.map((edge) => edge.node)).toEqual([3, 2]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: page.edges[1]!.cursor });
    expect(reportCursor.decode(page.pageInfo.endCursor!)).toEqual(rows[1]);
    expect(page.totalCount).toBe(10);
    expect(pageOf(rows, 3, 3, reportCursor.encode, (row) => row.id).pageInfo.hasNextPage).toBe(false);
    expect(pageOf([], 3, 0, reportCursor.encode, (row) => row).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('keeps cursors and pageInfo when the nodes change type', () => {
    const page = pageOf(rows, 2, 3, reportCursor.encode, (row) => row.id);
    const mapped = mapNodes(page, (id) => `report ${id}`);
    expect(mapped.edges).toEqual(page.edges.map((edge) => ({ cursor: edge.cursor, node: `report ${edge.node}` })));
    expect(mapped.pageInfo).toBe(page.pageInfo);
    expect(mapped.totalCount).toBe(3);
  });
});

import type { DmarcRecord, ReportHeader } from '../types.js';

/*
 * Records as lines of COPY's text format for copyRecordsSql: columns separated by tabs, `\N` for
 * null, and in values a backslash, tab, line feed or carriage return escaped with a backslash.
 * Built as one string per batch: the cheapest form for both sides (no JSON for PostgreSQL to take
 * apart, no per-value protocol overhead).
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function text(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (c) => ESCAPES[c]!) : value;
}

function nullableText(value: string | null): string {
  return value === null ? '\\N' : text(value);
}

/** JSON for a COPY line. JSON text never holds a raw tab or line break (JSON escapes them), only backslashes. */
function json(value: unknown): string {
  const encoded = JSON.stringify(value);
  return encoded.includes('\\') ? encoded.replaceAll('\\', '\\\\') : encoded;
}

// eslint-disable-next-line no-control-regex -- the characters a JSON string must escape
const JSON_SPECIAL = /["\\\u0000-\u001f]/;

/** A JSON string literal for a COPY line; most values need no escaping, and skipping JSON.stringify for them is measurably faster. */
function jsonString(value: string): string {
  return JSON_SPECIAL.test(value) ? json(value) : `"${value}"`;
}

/**
 * The record's <auth_results> as stored in dmarc_records.auth_results (see StoredAuthResult):
 * DKIM first, keys of unstated values left out. Written by hand: this runs for every record.
 */
function authResultsJson(record: DmarcRecord): string {
  let encoded = '[';
  for (const r of record.dkimResults) {
    if (encoded.length > 1) encoded += ',';
    encoded += '{"method":"dkim"';
    if (r.domain !== null) encoded += `,"domain":${jsonString(r.domain)}`;
    if (r.selector !== null) encoded += `,"selector":${jsonString(r.selector)}`;
    encoded += `,"result":"${r.result}"`;
    if (r.humanResult !== null) encoded += `,"human_result":${jsonString(r.humanResult)}`;
    encoded += '}';
  }
  for (const r of record.spfResults) {
    if (encoded.length > 1) encoded += ',';
    encoded += '{"method":"spf"';
    if (r.domain !== null) encoded += `,"domain":${jsonString(r.domain)}`;
    if (r.scope !== null) encoded += `,"scope":"${r.scope}"`;
    encoded += `,"result":"${r.result}"}`;
  }
  return `${encoded}]`;
}

/** The columns every record of a report shares: report id, policy domain, start date. */
export function reportColumns(reportId: number, header: ReportHeader): string {
  return `${reportId}\t${text(header.policy.domain)}\t${header.metadata.begin.toISOString()}\t`;
}

/** One line per record, each starting with `shared` (see reportColumns). */
export function recordLines(shared: string, records: readonly DmarcRecord[]): string {
  let lines = '';
  for (const r of records) {
    // Source IP (canonical), count and the enumerated values come from the parser: nothing to escape.
    lines += `${shared}${r.sourceIp}\t${r.count}\t${r.disposition ?? '\\N'}\t${r.dkim ?? '\\N'}\t${r.spf ?? '\\N'}\t${r.reasons.length === 0 ? '[]' : json(r.reasons)}\t` +
      `${nullableText(r.headerFrom)}\t${nullableText(r.envelopeFrom)}\t${nullableText(r.envelopeTo)}\t${authResultsJson(r)}\n`;
  }
  return lines;
}

/** Parameters $1..$19 of insertReportSql. */
export function reportRowParams(header: ReportHeader): unknown[] {
  const { metadata: m, policy: p } = header;
  return [
    m.schemaVersion, m.orgName, m.email, m.extraContactInfo, m.reportId, m.begin, m.end, JSON.stringify(m.errors), m.generator,
    p.domain, p.adkim, p.aspf, p.p, p.sp, p.np, p.pct, p.fo, p.testing, p.discoveryMethod,
  ];
}

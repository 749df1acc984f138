import { FieldTooLongError, InvalidReportError, ReportTooLargeError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { readSourceIp } from '../parsing/ip-address.js';
import { WarningList } from '../warning-list.js';
import { readJsonObject } from './read-json.js';
import { TLS_POLICY_TYPES, TLS_RESULT_TYPES, type TlsFailureDetail, type TlsPolicy, type TlsReport } from './tls-report.js';

type Json = Record<string, unknown>;

/** Longest text of each kind of field, as for aggregate reports (longer is FIELD_TOO_LONG, never cut). */
const NAME_MAX = 1024;
const LONG_TEXT_MAX = 4096;
/** Policy strings and MX patterns of one policy (an MTA-STS policy has a handful of lines). */
const MAX_LIST_ITEMS = 100;

/**
 * Reads one SMTP TLS report (RFC 8460 JSON, already decompressed and at most `maxJsonBytes`).
 * Tolerant as the aggregate parser is: both spellings real reporters use are read (`mx-host` /
 * `mx-host-pattern`, `additional-information` / `additional-info-uri`), a missing contact is kept
 * as null, a policy without its session counts or a failure detail without its result type or
 * count is dropped (the rest is kept), each with a warning. What names the report (organization,
 * report id, dates) is required: INVALID_REPORT without it.
 */
export function parseTlsReport(bytes: Uint8Array, name: string, limits: Pick<IngestionLimits, 'maxJsonDepth' | 'maxTlsEntries'>): TlsReport {
  const warnings = new WarningList();
  const json = readJsonObject(bytes, name, limits.maxJsonDepth, warnings.add);
  const organizationName = requiredString(json, ['organization-name'], 'organization-name', NAME_MAX);
  const reportId = requiredString(json, ['report-id'], 'report-id', NAME_MAX);
  const contactInfo = optionalString(json, ['contact-info'], 'contact-info', LONG_TEXT_MAX) ?? null;
  if (contactInfo === null) warnings.add('contact-info is missing or empty; the report is stored without a contact');
  const range = json['date-range'];
  if (!isObject(range)) throw new InvalidReportError('date-range is missing or not an object', 'date-range');
  const begin = requiredDate(range, 'start-datetime');
  const end = requiredDate(range, 'end-datetime');
  if (end < begin) warnings.add(`date-range ends (${end.toISOString()}) before it begins (${begin.toISOString()}); kept as sent`);
  const rawPolicies = json.policies;
  if (!Array.isArray(rawPolicies)) throw new InvalidReportError('policies is missing or not a list', 'policies');
  const budget = { left: limits.maxTlsEntries, limit: limits.maxTlsEntries };
  const policies: TlsPolicy[] = [];
  rawPolicies.forEach((raw: unknown, index) => {
    spend(budget);
    const policy = readPolicy(raw, index, budget, warnings.add);
    if (policy !== null) policies.push(policy);
  });
  if (rawPolicies.length === 0) warnings.add('the report lists no policies');
  else if (policies.length === 0) warnings.add('the report has no policies left: every policy was dropped');
  return { organizationName, contactInfo, reportId, begin, end, policies, warnings: warnings.all() };
}

function readPolicy(raw: unknown, index: number, budget: Budget, warn: (message: string) => void): TlsPolicy | null {
  const where = `policies[${index}]`;
  if (!isObject(raw) || !isObject(raw.policy)) {
    warn(`${where} has no "policy" object; the policy was dropped`);
    return null;
  }
  const policy = raw.policy;
  const policyDomain = optionalString(policy, ['policy-domain'], `${where}.policy.policy-domain`, NAME_MAX)?.toLowerCase();
  if (policyDomain === undefined) {
    warn(`${where}.policy.policy-domain is missing or empty; the policy was dropped`);
    return null;
  }
  const summary = isObject(raw.summary) ? raw.summary : {};
  const successfulSessions = count(summary['total-successful-session-count'], `${where}.summary.total-successful-session-count`, warn);
  const failedSessions = count(summary['total-failure-session-count'], `${where}.summary.total-failure-session-count`, warn);
  if (successfulSessions === null || failedSessions === null) {
    warn(`${where} (${policyDomain}) has no session counts; the policy was dropped`);
    return null;
  }
  const typeText = optionalString(policy, ['policy-type'], `${where}.policy.policy-type`, NAME_MAX)?.toLowerCase() ?? null;
  let policyType = typeText ?? 'no-policy-found';
  if (typeText === null) warn(`${where}.policy.policy-type is missing; read as "no-policy-found"`);
  else if (!(TLS_POLICY_TYPES as readonly string[]).includes(typeText)) {
    warn(`${where}.policy.policy-type "${typeText}" is not one of ${TLS_POLICY_TYPES.join(', ')}; kept as written`);
    policyType = typeText;
  }
  const details: TlsFailureDetail[] = [];
  const rawDetails = raw['failure-details'];
  if (rawDetails !== undefined && !Array.isArray(rawDetails)) warn(`${where}.failure-details is not a list; it was ignored`);
  if (Array.isArray(rawDetails)) {
    rawDetails.forEach((detail: unknown, i) => {
      spend(budget);
      const read = readFailureDetail(detail, `${where}.failure-details[${i}]`, warn);
      if (read !== null) details.push(read);
    });
  }
  return {
    policyType,
    policyDomain,
    policyStrings: stringList(policy, ['policy-string', 'policy-strings'], `${where}.policy.policy-string`, warn),
    mxHosts: stringList(policy, ['mx-host-pattern', 'mx-host'], `${where}.policy.mx-host`, warn),
    successfulSessions,
    failedSessions,
    failureDetails: details,
  };
}

function readFailureDetail(raw: unknown, where: string, warn: (message: string) => void): TlsFailureDetail | null {
  if (!isObject(raw)) {
    warn(`${where} is not an object; it was dropped`);
    return null;
  }
  const typeText = optionalString(raw, ['result-type'], `${where}.result-type`, NAME_MAX)?.toLowerCase();
  const failedSessions = count(raw['failed-session-count'], `${where}.failed-session-count`, warn);
  if (typeText === undefined || failedSessions === null) {
    warn(`${where} has no ${typeText === undefined ? 'result-type' : 'failed-session-count'}; the failure detail was dropped`);
    return null;
  }
  if (!(TLS_RESULT_TYPES as readonly string[]).includes(typeText)) warn(`${where}.result-type "${typeText}" is not one of RFC 8460's result types; kept as written`);
  return {
    resultType: typeText,
    sendingMtaIp: ipAddress(raw, 'sending-mta-ip', where, warn),
    receivingIp: ipAddress(raw, 'receiving-ip', where, warn),
    receivingMxHostname: optionalString(raw, ['receiving-mx-hostname'], `${where}.receiving-mx-hostname`, NAME_MAX)?.toLowerCase() ?? null,
    receivingMxHelo: optionalString(raw, ['receiving-mx-helo'], `${where}.receiving-mx-helo`, NAME_MAX) ?? null,
    failedSessions,
    additionalInformation: optionalString(raw, ['additional-information', 'additional-info-uri'], `${where}.additional-information`, LONG_TEXT_MAX) ?? null,
    failureReasonCode: optionalString(raw, ['failure-reason-code'], `${where}.failure-reason-code`, LONG_TEXT_MAX) ?? null,
  };
}

interface Budget {
  left: number;
  readonly limit: number;
}

function spend(budget: Budget): void {
  if (--budget.left < 0) throw new ReportTooLargeError('maxTlsEntries', budget.limit, 'the policies and failure details of the TLS report');
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The first of `keys` present as non-blank text (a number is read as its text); undefined when none is. */
function optionalString(json: Json, keys: readonly string[], field: string, max: number): string | undefined {
  for (const key of keys) {
    const value = json[key];
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
    if (text === '') continue;
    if (text.length > max) throw new FieldTooLongError(field, max);
    return text;
  }
  return undefined;
}

function requiredString(json: Json, keys: readonly string[], field: string, max: number): string {
  const text = optionalString(json, keys, field, max);
  if (text === undefined) throw new InvalidReportError(`${field} is missing or empty`, field);
  return text;
}

function requiredDate(range: Json, key: string): Date {
  const text = optionalString(range, [key], `date-range.${key}`, NAME_MAX);
  const date = text === undefined ? undefined : new Date(text);
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InvalidReportError(`date-range.${key} ${text === undefined ? 'is missing or empty' : `"${text}" is not an RFC 3339 date-time`}`, `date-range.${key}`);
  }
  return date;
}

/** A session count: an integer in 0..2^53-1; a number written as text is read with a warning; null when absent or no count. */
function count(value: unknown, field: string, warn: (message: string) => void): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) {
    warn(`${field} "${value}" is written as text; read as ${Number(value)}`);
    return Number(value);
  }
  return null;
}

function ipAddress(json: Json, key: string, where: string, warn: (message: string) => void): string | null {
  const text = optionalString(json, [key], `${where}.${key}`, NAME_MAX);
  if (text === undefined) return null;
  const address = readSourceIp(text, (message) => warn(`${where}.${key}: ${message.replace(/^row\.source_ip /, '')}`));
  if (address === null) warn(`${where}.${key} "${text}" is not an IP address; stored as unknown`);
  return address;
}

/** One string or a list of them, under the first of `keys` present; non-text items are skipped with a warning. */
function stringList(json: Json, keys: readonly string[], field: string, warn: (message: string) => void): string[] {
  const key = keys.find((k) => json[k] !== undefined);
  if (key === undefined) return [];
  const value = json[key];
  const items = Array.isArray(value) ? value : [value];
  if (items.length > MAX_LIST_ITEMS) throw new ReportTooLargeError('maxTlsEntries', MAX_LIST_ITEMS, `the entries of ${field}`);
  const texts: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') {
      warn(`${field} holds a value that is not text; it was skipped`);
      continue;
    }
    if (item.length > LONG_TEXT_MAX) throw new FieldTooLongError(field, LONG_TEXT_MAX);
    if (item.trim() !== '') texts.push(item.trim());
  }
  return texts;
}

import { InvalidReportError } from '../errors.js';
import type { PublishedPolicy, ReportHeader, ReportMetadata, SchemaVersion } from '../types.js';
import type { MetadataDraft, PolicyDraft } from './drafts.js';
import { alignments, discoveryMethods, policyActions, testingFlags } from './enums.js';
import {
  domainKeptAsWritten,
  optionalEnum,
  optionalPercent,
  optionalText,
  outcomeOrUnstated,
  requiredDomain,
  requiredText,
  requiredTimestamp,
} from './values.js';

export function normalizeHeader(
  metadata: MetadataDraft,
  policy: PolicyDraft,
  schemaVersion: SchemaVersion,
  warn: (message: string) => void,
): ReportHeader {
  return { metadata: normalizeMetadata(metadata, schemaVersion, warn), policy: normalizePolicy(policy, warn) };
}

function normalizeMetadata(draft: MetadataDraft, schemaVersion: SchemaVersion, warn: (message: string) => void): ReportMetadata {
  // Some reporters write the address as `<user@host>`.
  const email = optionalText(draft.email)?.replace(/^<(.*)>$/, '$1').trim() ?? null;
  let orgName = optionalText(draft.orgName);
  if (email === null) {
    // As parsedmarc: the organisation still says who reported.
    if (orgName === null) throw new InvalidReportError('report_metadata.email and report_metadata.org_name are both missing or empty: nothing says who sent the report', 'report_metadata.email');
    warn('report_metadata.email is missing or empty; the report is stored without a contact address');
  } else if (orgName === null) {
    // Like parsedmarc: the sender's domain names the organisation well enough.
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (domain === '' || domain === email) throw new InvalidReportError('report_metadata.org_name is missing and the e-mail names no domain', 'report_metadata.org_name');
    orgName = domain.toLowerCase();
    warn(`report_metadata.org_name is empty; the e-mail domain "${orgName}" is used`);
  }
  const begin = requiredTimestamp(draft.begin, 'report_metadata.date_range.begin', warn);
  const end = requiredTimestamp(draft.end, 'report_metadata.date_range.end', warn);
  // As parsedmarc: kept as sent (which of the two is wrong cannot be known), and said.
  if (end < begin) warn(`report_metadata.date_range ends (${end.getTime() / 1000}) before it begins (${begin.getTime() / 1000}); kept as sent`);
  return {
    orgName,
    email,
    extraContactInfo: optionalText(draft.extraContactInfo),
    reportId: requiredText(draft.reportId, 'report_metadata.report_id'),
    begin,
    end,
    errors: draft.errors.map((error) => error.trim()).filter((error) => error !== ''),
    generator: optionalText(draft.generator),
    schemaVersion,
  };
}

function normalizePolicy(draft: PolicyDraft, warn: (message: string) => void): PublishedPolicy {
  return {
    domain: domainKeptAsWritten(requiredDomain(draft.domain, 'policy_published.domain'), 'policy_published.domain', warn),
    adkim: optionalEnum(draft.adkim, alignments, 'policy_published.adkim', undefined, warn),
    aspf: optionalEnum(draft.aspf, alignments, 'policy_published.aspf', undefined, warn),
    // As parsedmarc: an empty `<p>` is not stated (null); a report without one is refused.
    p: draft.p === undefined ? missing('policy_published.p') : outcomeOrUnstated(draft.p, policyActions, 'policy_published.p', undefined, warn),
    sp: optionalEnum(draft.sp, policyActions, 'policy_published.sp'),
    np: optionalEnum(draft.np, policyActions, 'policy_published.np'),
    pct: optionalPercent(draft.pct, 'policy_published.pct', warn),
    fo: normalizeFailureOptions(draft.fo),
    testing: optionalEnum(draft.testing, testingFlags, 'policy_published.testing'),
    discoveryMethod: optionalEnum(draft.discoveryMethod, discoveryMethods, 'policy_published.discovery_method'),
  };
}

function missing(field: string): never {
  throw new InvalidReportError(`${field} is missing or empty`, field);
}

/** `fo` is a colon-separated list of 0, 1, d, s (RFC 7489 6.3). */
function normalizeFailureOptions(raw: string | undefined): string | null {
  const text = optionalText(raw)?.toLowerCase().replace(/\s+/g, '');
  if (text === undefined) return null;
  if (!/^[01ds](:[01ds])*$/.test(text)) {
    throw new InvalidReportError(`policy_published.fo "${text}" is not a list of 0, 1, d, s`, 'policy_published.fo');
  }
  return text;
}

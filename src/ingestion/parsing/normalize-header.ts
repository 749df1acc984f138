import { InvalidReportError } from '../errors.js';
import type { PublishedPolicy, ReportHeader, ReportMetadata, SchemaVersion } from '../types.js';
import type { MetadataDraft, PolicyDraft } from './drafts.js';
import { alignments, discoveryMethods, policyActions, testingFlags } from './enums.js';
import {
  optionalEnum,
  optionalPercent,
  optionalText,
  requiredDomain,
  requiredEnum,
  requiredText,
  requiredTimestamp,
} from './values.js';

export function normalizeHeader(
  metadata: MetadataDraft,
  policy: PolicyDraft,
  schemaVersion: SchemaVersion,
  warn: (message: string) => void,
): ReportHeader {
  return { metadata: normalizeMetadata(metadata, schemaVersion, warn), policy: normalizePolicy(policy) };
}

function normalizeMetadata(draft: MetadataDraft, schemaVersion: SchemaVersion, warn: (message: string) => void): ReportMetadata {
  // Some reporters write the address as `<user@host>`.
  const email = requiredText(draft.email, 'report_metadata.email').replace(/^<(.*)>$/, '$1').trim();
  let orgName = optionalText(draft.orgName);
  if (orgName === null) {
    // Like parsedmarc: the sender's domain names the organisation well enough.
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (domain === '' || domain === email) throw new InvalidReportError('report_metadata.org_name is missing and the e-mail names no domain', 'report_metadata.org_name');
    orgName = domain.toLowerCase();
    warn(`report_metadata.org_name is empty; the e-mail domain "${orgName}" is used`);
  }
  const begin = requiredTimestamp(draft.begin, 'report_metadata.date_range.begin', warn);
  const end = requiredTimestamp(draft.end, 'report_metadata.date_range.end', warn);
  if (end < begin) {
    throw new InvalidReportError('report_metadata.date_range ends before it begins', 'report_metadata.date_range');
  }
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

function normalizePolicy(draft: PolicyDraft): PublishedPolicy {
  return {
    domain: requiredDomain(draft.domain, 'policy_published.domain'),
    adkim: optionalEnum(draft.adkim, alignments, 'policy_published.adkim'),
    aspf: optionalEnum(draft.aspf, alignments, 'policy_published.aspf'),
    p: requiredEnum(draft.p, policyActions, 'policy_published.p'),
    sp: optionalEnum(draft.sp, policyActions, 'policy_published.sp'),
    np: optionalEnum(draft.np, policyActions, 'policy_published.np'),
    pct: optionalPercent(draft.pct, 'policy_published.pct'),
    fo: normalizeFailureOptions(draft.fo),
    testing: optionalEnum(draft.testing, testingFlags, 'policy_published.testing'),
    discoveryMethod: optionalEnum(draft.discoveryMethod, discoveryMethods, 'policy_published.discovery_method'),
  };
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

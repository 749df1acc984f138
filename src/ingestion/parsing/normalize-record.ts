import { InvalidReportError } from '../errors.js';
import type { DkimAuthResult, DmarcRecord, PolicyOverrideReason, SpfAuthResult } from '../types.js';
import type { DkimDraft, ReasonDraft, RecordDraft, SpfDraft } from './drafts.js';
import { dispositions, dkimResults, dmarcResults, policyOverrides, spfResults, spfScopes } from './enums.js';
import { canonicalIp, readSourceIp } from './ip-address.js';
import { domainKeptAsWritten, optionalDomain, optionalEnum, optionalText, outcomeOrUnstated, requiredCount, requiredResult, requiredText, unstated } from './values.js';

/**
 * The fields without which a record cannot be stored as one: who sent (the address) and how
 * much (the count). A record missing one is dropped with a warning (as parsedmarc drops it)
 * instead of refusing the whole report. The outcome fields (disposition, aligned results,
 * header_from) are stored as null when not stated: the messages still count.
 */
const recordKeyFields: ReadonlySet<string> = new Set(['row.source_ip', 'row.count']);

/** Whether the error refuses one record (dropped with a warning) rather than the report. */
export function refusesOnlyTheRecord(error: unknown): error is InvalidReportError {
  return error instanceof InvalidReportError && error.recordIndex !== undefined && error.field !== undefined && recordKeyFields.has(error.field);
}

/** `warn` takes a message about this record; the caller says which record it is. */
export function normalizeRecord(draft: RecordDraft, recordIndex: number, warn: (message: string) => void): DmarcRecord {
  const rawIp = requiredText(draft.sourceIp, 'row.source_ip', recordIndex);
  // The common, canonical case without a further call; the spellings to repair after it.
  const sourceIp = canonicalIp(rawIp) ?? readSourceIp(rawIp, warn);
  if (sourceIp === null) {
    throw new InvalidReportError(`row.source_ip "${rawIp}" is not an IP address`, 'row.source_ip', recordIndex);
  }
  const headerFrom = optionalDomain(draft.headerFrom);
  return {
    sourceIp,
    count: requiredCount(draft.count, 'row.count', recordIndex),
    disposition: outcomeOrUnstated(draft.disposition, dispositions, 'row.policy_evaluated.disposition', recordIndex, warn),
    dkim: outcomeOrUnstated(draft.dkim, dmarcResults, 'row.policy_evaluated.dkim', recordIndex, warn),
    spf: outcomeOrUnstated(draft.spf, dmarcResults, 'row.policy_evaluated.spf', recordIndex, warn),
    reasons: draft.reasons.length === 0 ? [] : normalizeReasons(draft.reasons, recordIndex, warn),
    headerFrom: headerFrom === null ? unstated('identifiers.header_from', warn) : domainKeptAsWritten(headerFrom, 'identifiers.header_from', warn),
    envelopeFrom: optionalDomain(draft.envelopeFrom),
    envelopeTo: optionalDomain(draft.envelopeTo),
    dkimResults: normalizeEach(draft.dkimResults, dkimSaysSomething, normalizeDkim, recordIndex, warn),
    spfResults: normalizeEach(draft.spfResults, spfSaysSomething, normalizeSpf, recordIndex, warn),
  };
}

/**
 * Normalizes the auth results that say something: `<dkim/>` or `<spf></spf>` with only blank
 * fields is a reporter writing an empty template, not a result.
 */
function normalizeEach<D, R>(
  drafts: readonly D[],
  saysSomething: (draft: D) => boolean,
  normalize: (draft: D, recordIndex: number, warn: (message: string) => void) => R,
  recordIndex: number,
  warn: (message: string) => void,
): R[] {
  // One result is the common case: an array of exactly one rather than push's room for sixteen,
  // which every record would carry until it is stored.
  if (drafts.length === 1) {
    const draft = drafts[0] as D;
    return saysSomething(draft) ? [normalize(draft, recordIndex, warn)] : [];
  }
  const results: R[] = [];
  for (const draft of drafts) if (saysSomething(draft)) results.push(normalize(draft, recordIndex, warn));
  return results;
}

function given(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

const reasonSaysSomething = (draft: ReasonDraft) => given(draft.type) || given(draft.comment);
const dkimSaysSomething = (draft: DkimDraft) => given(draft.result) || given(draft.domain) || given(draft.selector) || given(draft.humanResult);
const spfSaysSomething = (draft: SpfDraft) => given(draft.result) || given(draft.domain) || given(draft.scope);

function normalizeReasons(drafts: readonly ReasonDraft[], recordIndex: number, warn: (message: string) => void): PolicyOverrideReason[] {
  return normalizeEach(drafts, reasonSaysSomething, normalizeReason, recordIndex, warn);
}

function normalizeReason(draft: ReasonDraft, _recordIndex: number, warn: (message: string) => void): PolicyOverrideReason {
  const comment = optionalText(draft.comment);
  const typeText = optionalText(draft.type);
  // A comment without a type still explains an override: file it under `other`.
  if (typeText === null) return { type: 'other', comment };
  const type = policyOverrides.find(typeText) ?? policyOverrides.find(typeText.toLowerCase());
  if (type !== undefined) return { type, comment };
  // A type outside the list (`auto_forwarded`) is no listed type: `other`, which keeps the word.
  warn(`row.policy_evaluated.reason.type "${typeText}" is not one of ${policyOverrides.values.join(', ')}; stored as "other" with the reported type in its comment`);
  return { type: 'other', comment: comment === null ? `[reported type: ${typeText}]` : `[reported type: ${typeText}] ${comment}` };
}

function normalizeDkim(draft: DkimDraft, recordIndex: number, warn: (message: string) => void): DkimAuthResult {
  return {
    domain: optionalDomain(draft.domain),
    selector: optionalText(draft.selector),
    result: requiredResult(draft.result, dkimResults, 'auth_results.dkim.result', recordIndex, warn),
    humanResult: optionalText(draft.humanResult),
  };
}

function normalizeSpf(draft: SpfDraft, recordIndex: number, warn: (message: string) => void): SpfAuthResult {
  return {
    domain: optionalDomain(draft.domain),
    scope: optionalEnum(draft.scope, spfScopes, 'auth_results.spf.scope', recordIndex, warn),
    result: requiredResult(draft.result, spfResults, 'auth_results.spf.result', recordIndex, warn),
  };
}

import { emptyDkimDraft, emptyReasonDraft, emptySpfDraft } from './drafts.js';
import type { ReportBuilder } from './report-builder.js';

/** How one element of the report is read: its children, or the field its text goes to. */
export interface ElementRule {
  readonly children?: ReadonlyMap<string, ElementRule>;
  /** The same children as parallel arrays, for matching names in place (see ReportBuilder.openExpectedElement). */
  readonly childNames?: readonly string[];
  readonly childRules?: readonly ElementRule[];
  readonly text?: (builder: ReportBuilder, text: string) => void;
  readonly enter?: (builder: ReportBuilder) => void;
  readonly exit?: (builder: ReportBuilder) => void;
}

/** Unknown elements (RFC 9990 `<extension>`, vendor additions) and everything inside them. */
export const ignoredElement: ElementRule = {};

function parent(children: Record<string, ElementRule>, hooks: Omit<ElementRule, 'children' | 'text'> = {}): ElementRule {
  const entries = Object.entries(children);
  return {
    ...hooks,
    children: new Map(entries),
    childNames: entries.map(([name]) => name),
    childRules: entries.map(([, rule]) => rule),
  };
}

function field(text: (builder: ReportBuilder, text: string) => void): ElementRule {
  return { text };
}

const reportMetadata = parent(
  {
    org_name: field((b, t) => (b.metadata.orgName = t)),
    email: field((b, t) => (b.metadata.email = t)),
    extra_contact_info: field((b, t) => (b.metadata.extraContactInfo = t)),
    report_id: field((b, t) => (b.metadata.reportId = t)),
    date_range: parent({
      begin: field((b, t) => (b.metadata.begin = t)),
      end: field((b, t) => (b.metadata.end = t)),
    }),
    error: field((b, t) => b.metadata.errors.push(t)),
    generator: field((b, t) => (b.metadata.generator = t)),
  },
  { enter: (b) => b.expectHeaderSection('report_metadata') },
);

const policyPublished = parent(
  {
    domain: field((b, t) => (b.policy.domain = t)),
    adkim: field((b, t) => (b.policy.adkim = t)),
    aspf: field((b, t) => (b.policy.aspf = t)),
    p: field((b, t) => (b.policy.p = t)),
    sp: field((b, t) => (b.policy.sp = t)),
    np: field((b, t) => (b.policy.np = t)),
    pct: field((b, t) => (b.policy.pct = t)),
    fo: field((b, t) => (b.policy.fo = t)),
    testing: field((b, t) => (b.policy.testing = t)),
    discovery_method: field((b, t) => (b.policy.discoveryMethod = t)),
  },
  { enter: (b) => b.expectHeaderSection('policy_published') },
);

const row = parent({
  source_ip: field((b, t) => (b.record.sourceIp = t)),
  count: field((b, t) => (b.record.count = t)),
  policy_evaluated: parent({
    disposition: field((b, t) => (b.record.disposition = t)),
    dkim: field((b, t) => (b.record.dkim = t)),
    spf: field((b, t) => (b.record.spf = t)),
    reason: parent(
      {
        type: field((b, t) => (b.reason.type = t)),
        comment: field((b, t) => (b.reason.comment = t)),
      },
      { enter: (b) => b.record.reasons.push((b.reason = emptyReasonDraft())) },
    ),
  }),
});

const identifiers = parent({
  envelope_to: field((b, t) => (b.record.envelopeTo = t)),
  envelope_from: field((b, t) => (b.record.envelopeFrom = t)),
  header_from: field((b, t) => (b.record.headerFrom = t)),
});

const authResults = parent({
  dkim: parent(
    {
      domain: field((b, t) => (b.dkim.domain = t)),
      selector: field((b, t) => (b.dkim.selector = t)),
      result: field((b, t) => (b.dkim.result = t)),
      human_result: field((b, t) => (b.dkim.humanResult = t)),
    },
    { enter: (b) => b.record.dkimResults.push((b.dkim = emptyDkimDraft())) },
  ),
  spf: parent(
    {
      domain: field((b, t) => (b.spf.domain = t)),
      scope: field((b, t) => (b.spf.scope = t)),
      result: field((b, t) => (b.spf.result = t)),
    },
    { enter: (b) => b.record.spfResults.push((b.spf = emptySpfDraft())) },
  ),
});

const feedback = parent(
  {
    version: field((b, t) => (b.metadata.version = t)),
    report_metadata: reportMetadata,
    policy_published: policyPublished,
    record: parent({ row, identifiers, auth_results: authResults }, { enter: (b) => b.startRecord(), exit: (b) => b.finishRecord() }),
  },
  { exit: (b) => b.finishDocument() },
);

/** The document itself: its only allowed child is `<feedback>`. */
export const documentRule: ElementRule = parent({ feedback }, { enter: () => undefined });

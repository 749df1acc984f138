import { emptyDkimDraft, emptyReasonDraft, emptySpfDraft } from './drafts.js';
import type { ReportBuilder } from './report-builder.js';
import { charCodes, type ExpectedElement } from './xml-scanner.js';

type FieldSetter = (builder: ReportBuilder, text: string) => void;
type Hook = (builder: ReportBuilder) => void;

/**
 * How one element of the report is read: its children, or the field its text goes to. A class
 * with every member set (null when unused) so that all rules share one hidden class: the builder
 * reads them for every element, and mixed shapes would make those reads megamorphic.
 */
export class ElementRule {
  /** For matching names in place (see ReportBuilder.expectedElement). */
  readonly children: readonly ChildElement[];
  readonly childrenByName: ReadonlyMap<string, ElementRule>;

  constructor(
    children: Readonly<Record<string, ElementRule>>,
    readonly text: FieldSetter | null,
    readonly enter: Hook | null,
    readonly exit: Hook | null,
  ) {
    const entries = Object.entries(children);
    this.childrenByName = new Map(entries);
    this.children = entries.map(([name, rule]) => new ChildElement(name, rule));
  }
}

/** A child element as its parent expects it: a name to match in place, and how it is read. */
export class ChildElement implements ExpectedElement {
  readonly nameCodes: readonly number[];
  readonly isValue: boolean;

  constructor(
    readonly name: string,
    readonly rule: ElementRule,
  ) {
    this.nameCodes = charCodes(name);
    this.isValue = rule.text !== null;
  }
}

/** Unknown elements (RFC 9990 `<extension>`, vendor additions) and everything inside them. */
export const ignoredElement = new ElementRule({}, null, null, null);

function parent(children: Record<string, ElementRule>, hooks: { enter?: Hook; exit?: Hook } = {}): ElementRule {
  return new ElementRule(children, null, hooks.enter ?? null, hooks.exit ?? null);
}

function field(text: FieldSetter): ElementRule {
  return new ElementRule({}, text, null, null);
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
export const documentRule: ElementRule = parent({ feedback });

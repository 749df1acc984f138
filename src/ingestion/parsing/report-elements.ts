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
  /** The element's name under its parent, for messages; set by the parent's rule. */
  name = '';

  constructor(
    children: Readonly<Record<string, ElementRule>>,
    readonly text: FieldSetter | null,
    readonly enter: Hook | null,
    readonly exit: Hook | null,
    /** Longest text of a field, all its pieces together; 0 for elements that hold no text. */
    readonly maxChars: number,
  ) {
    const entries = Object.entries(children);
    for (const [name, rule] of entries) rule.name = name;
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
export const ignoredElement = new ElementRule({}, null, null, null, 0);

/**
 * A foreign element around or before `<feedback>` (a stray `<xs:schema>` opening tag): skipped,
 * but a `<feedback>` inside it is read. It lists no children, so that the fast path never matches
 * `<feedback>`, whose attributes (the namespace) must be read.
 */
export const wrapperElement = new ElementRule({}, null, null, null, 0);

/**
 * Longest text of each kind of field, in characters, whitespace included (reporters indent).
 * Sized for the field, far above anything seen from real reporters, far below what would burden
 * storage or every reader of the report: past it the report is refused (FIELD_TOO_LONG).
 */
export const fieldMaxChars = {
  /** Keywords, numbers, timestamps, IP addresses, versions. */
  short: 256,
  /** Domains, addresses, names, identifiers, free-text results and comments. */
  name: 1024,
  /** Contact details and reporter error messages. */
  long: 4096,
} as const;

function parent(children: Record<string, ElementRule>, hooks: { enter?: Hook; exit?: Hook } = {}): ElementRule {
  return new ElementRule(children, null, hooks.enter ?? null, hooks.exit ?? null, 0);
}

function field(text: FieldSetter, maxChars: number = fieldMaxChars.short): ElementRule {
  return new ElementRule({}, text, null, null, maxChars);
}

const { name: NAME, long: LONG } = fieldMaxChars;

const reportMetadata = parent(
  {
    org_name: field((b, t) => (b.metadata.orgName = t), NAME),
    email: field((b, t) => (b.metadata.email = t), NAME),
    extra_contact_info: field((b, t) => (b.metadata.extraContactInfo = t), LONG),
    report_id: field((b, t) => (b.metadata.reportId = t), NAME),
    date_range: parent({
      begin: field((b, t) => (b.metadata.begin = t)),
      end: field((b, t) => (b.metadata.end = t)),
    }),
    error: field((b, t) => b.addError(t), LONG),
    generator: field((b, t) => (b.metadata.generator = t), NAME),
  },
  { enter: (b) => b.expectHeaderSection('report_metadata') },
);

const policyPublished = parent(
  {
    domain: field((b, t) => (b.policy.domain = t), NAME),
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
        comment: field((b, t) => (b.reason.comment = t), NAME),
      },
      { enter: (b) => b.addReason() },
    ),
  }),
});

const identifiers = parent({
  envelope_to: field((b, t) => (b.record.envelopeTo = t), NAME),
  envelope_from: field((b, t) => (b.record.envelopeFrom = t), NAME),
  header_from: field((b, t) => (b.record.headerFrom = t), NAME),
});

const authResults = parent({
  dkim: parent(
    {
      domain: field((b, t) => (b.dkim.domain = t), NAME),
      selector: field((b, t) => (b.dkim.selector = t), NAME),
      result: field((b, t) => (b.dkim.result = t)),
      human_result: field((b, t) => (b.dkim.humanResult = t), NAME),
    },
    { enter: (b) => b.addDkimResult() },
  ),
  spf: parent(
    {
      domain: field((b, t) => (b.spf.domain = t), NAME),
      scope: field((b, t) => (b.spf.scope = t)),
      result: field((b, t) => (b.spf.result = t)),
    },
    { enter: (b) => b.addSpfResult() },
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

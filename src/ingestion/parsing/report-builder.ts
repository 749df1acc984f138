import { FieldTooLongError, InvalidReportError, ReportTooLargeError, TooManyDocumentsError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import type { DmarcRecord, ReportHeader, ReportSummary, SchemaVersion } from '../types.js';
import { emptyDkimDraft, emptyReasonDraft, emptyRecordDraft, emptySpfDraft, type DkimDraft, type MetadataDraft, type PolicyDraft, type ReasonDraft, type RecordDraft, type SpfDraft } from './drafts.js';
import { normalizeHeader } from './normalize-header.js';
import { normalizeRecord } from './normalize-record.js';
import { documentRule, ignoredElement, wrapperElement, type ChildElement, type ElementRule } from './report-elements.js';
import { matchesCodesAt, type XmlHandler } from './xml-scanner.js';

const DMARC_2_NAMESPACE = 'urn:ietf:params:xml:ns:dmarc-2.0';
const MAX_WARNINGS = 20;

/** A report of a file holding several concatenated `<feedback>` documents, read to its end while the next one is read. */
export interface FinishedDocument {
  readonly header: ReportHeader;
  /** Its records not taken yet. */
  readonly records: DmarcRecord[];
  readonly summary: ReportSummary;
}

function concatenatedWarning(documentNumber: number): string {
  return `document ${documentNumber} of several <feedback> documents concatenated in one file, each read as a report of its own`;
}

/**
 * Turns scanner events into the normalized report: the header once it is complete (at the first
 * record), then records one by one into `pendingRecords`, which the caller drains in batches.
 */
export class ReportBuilder implements XmlHandler<ChildElement> {
  metadata: MetadataDraft = { errors: [] };
  policy: PolicyDraft = {};
  record: RecordDraft = emptyRecordDraft();
  reason: ReasonDraft = {};
  dkim: DkimDraft = {};
  spf: SpfDraft = {};

  header: ReportHeader | null = null;
  pendingRecords: DmarcRecord[] = [];
  recordCount = 0;
  messageCount = 0;
  finished = false;
  warnings: string[] = [];
  /** Reports ended by a following `<feedback>` in the same file, oldest first, until the caller takes them. */
  finishedDocuments: FinishedDocument[] = [];
  /** 1 for the first `<feedback>` document of the file, 2 for the one concatenated after it, and so on. */
  documentNumber = 1;
  wantsText = false;

  /** The rules of the open elements, innermost last; an ignored subtree has one entry, `ignoredElement`. */
  private readonly rules: ElementRule[] = [documentRule];
  /** Elements open inside the outermost ignored one: skipped by counting, not one entry per level. */
  private ignoredDepth = 0;
  private fieldText = '';
  private namespaced = false;
  private suppressedWarnings = 0;
  private feedbackSeen = false;
  /** The first element outside `<feedback>`, for the message when there is no `<feedback>` at all. */
  private firstForeign: string | null = null;
  /** Set once the decoder replaced invalid bytes: from then on, fields are checked for U+FFFD. */
  private replacementsSeen = false;

  constructor(private readonly limits: Pick<IngestionLimits, 'maxRecords' | 'maxRepeatedElements' | 'maxDocuments'>) {}

  openElement(name: string, rawAttributes: string): void {
    const parentRule = this.currentRule();
    if (parentRule === ignoredElement) {
      this.ignoredDepth++;
      return;
    }
    if (parentRule === documentRule || parentRule === wrapperElement) {
      this.openOutsideFeedback(name, rawAttributes, parentRule === documentRule);
      return;
    }
    this.enter(parentRule.childrenByName.get(name) ?? ignoredElement);
  }

  /** `<feedback>`, or an element around or before it, which is skipped with a warning. */
  private openOutsideFeedback(name: string, rawAttributes: string, topLevel: boolean): void {
    const feedback = documentRule.childrenByName.get('feedback');
    if (name === 'feedback' && feedback !== undefined && (!this.feedbackSeen || (topLevel && this.finished))) {
      if (this.feedbackSeen) this.startNextDocument();
      this.feedbackSeen = true;
      this.namespaced = rawAttributes.includes(DMARC_2_NAMESPACE);
      this.enter(feedback);
      return;
    }
    this.firstForeign ??= name;
    if (topLevel) this.warn(`<${name}> around or before <feedback> was skipped`);
    else if (name === 'feedback') this.warn('a second <feedback> inside another element was skipped');
    this.enter(wrapperElement);
  }

  /**
   * Whether another top-level element may follow: anything while no report was read yet (a foreign
   * element before it), then only the `<feedback>` of a next, concatenated report.
   */
  acceptsAnotherRoot(name: string): boolean {
    return !this.feedbackSeen || (this.finished && name === 'feedback');
  }

  /**
   * A `<feedback>` after the previous one closed: that report is complete and queued for the
   * caller (with its records not taken yet), and the builder starts afresh for the next one.
   */
  private startNextDocument(): void {
    const header = this.header;
    if (header === null) throw new Error('unreachable: a finished report has a header');
    // The first document learns it was one of several only now; its warning is kept whatever the cap.
    const warnings = this.documentNumber === 1 ? [concatenatedWarning(1), ...this.allWarnings()] : this.allWarnings();
    this.finishedDocuments.push({ header, records: this.pendingRecords, summary: { recordCount: this.recordCount, messageCount: this.messageCount, warnings } });
    // Queued first: the reports within the limit are delivered before the refusal.
    if (this.documentNumber >= this.limits.maxDocuments) throw new TooManyDocumentsError(this.limits.maxDocuments);
    this.documentNumber++;
    this.metadata = { errors: [] };
    this.policy = {};
    this.header = null;
    this.pendingRecords = [];
    this.recordCount = 0;
    this.messageCount = 0;
    this.finished = false;
    this.warnings = [];
    this.suppressedWarnings = 0;
    this.warn(concatenatedWarning(this.documentNumber));
  }

  /** The reports ended by a following document since the last call, oldest first. */
  takeFinishedDocuments(): FinishedDocument[] {
    const documents = this.finishedDocuments;
    if (documents.length > 0) this.finishedDocuments = [];
    return documents;
  }

  /** The document ended: it must have held a report. */
  checkFinished(): void {
    if (this.finished) return;
    throw new InvalidReportError(
      `the document has no <feedback> element${this.firstForeign === null ? '' : ` (its root is <${this.firstForeign}>)`}: this is not a DMARC aggregate report`,
    );
  }

  /** The rule of the innermost open element; the document's rule when none is open. */
  private currentRule(): ElementRule {
    return this.rules[this.rules.length - 1] ?? documentRule;
  }

  private enter(rule: ElementRule): void {
    this.rules.push(rule);
    this.wantsText = rule.text !== null;
    if (this.wantsText) this.fieldText = '';
    if (rule.enter !== null) rule.enter(this);
  }

  expectedElement(text: string, start: number): ChildElement | null {
    const parentRule = this.currentRule();
    // The root goes the checked way, which reads its namespace attributes.
    if (parentRule === documentRule) return null;
    const children = parentRule.children;
    const first = text.charCodeAt(start);
    for (let i = 0; i < children.length; i++) {
      const child = children[i] as ChildElement;
      const codes = child.nameCodes;
      if (codes[0] === first && text.charCodeAt(start + codes.length) === 62 /* > */ && matchesCodesAt(text, start, codes)) return child;
    }
    return null;
  }

  openExpectedElement(child: ChildElement): void {
    this.enter(child.rule);
  }

  expectedValue(child: ChildElement, value: string): void {
    const rule = child.rule;
    if (value.length > rule.maxChars) this.fieldTooLong(rule);
    if (this.replacementsSeen) this.checkReplacement(rule, value);
    // A child with isValue has a text setter and no hooks.
    rule.text?.(this, value);
  }

  closeElement(): void {
    if (this.ignoredDepth > 0) {
      this.ignoredDepth--;
      return;
    }
    const rule = this.rules.pop() ?? ignoredElement;
    if (rule.text !== null) {
      if (this.replacementsSeen) this.checkReplacement(rule, this.fieldText);
      rule.text(this, this.fieldText);
    }
    if (rule.exit !== null) rule.exit(this);
    this.wantsText = this.currentRule().text !== null;
  }

  text(value: string): void {
    this.fieldText += value;
    if (this.fieldText.length > this.currentRule().maxChars) this.fieldTooLong(this.currentRule());
  }

  pendingText(length: number): void {
    if (this.fieldText.length + length > this.currentRule().maxChars) this.fieldTooLong(this.currentRule());
  }

  /** The decoder replaced invalid bytes by U+FFFD: say so, and which fields hold them. */
  invalidBytesReplaced(message: string): void {
    this.replacementsSeen = true;
    this.warn(message);
  }

  private checkReplacement(rule: ElementRule, value: string): void {
    if (value.indexOf('\uFFFD') === -1) return;
    const where = this.header === null ? '' : `record ${this.recordCount + 1}: `;
    const shown = value.trim();
    this.warn(`${where}<${rule.name}> holds invalid bytes, replaced by U+FFFD: "${shown.length > 100 ? `${shown.slice(0, 100)}…` : shown}"`);
  }

  private fieldTooLong(rule: ElementRule): never {
    throw new FieldTooLongError(rule.name, rule.maxChars, this.header === null ? undefined : this.recordCount);
  }

  addError(text: string): void {
    this.checkRepeated(this.metadata.errors.length, '<error> elements in the report metadata');
    this.metadata.errors.push(text);
  }

  addReason(): void {
    this.checkRepeated(this.record.reasons.length, '<reason> elements in one record');
    this.record.reasons.push((this.reason = emptyReasonDraft()));
  }

  addDkimResult(): void {
    this.checkRepeated(this.record.dkimResults.length, 'DKIM results in one record');
    this.record.dkimResults.push((this.dkim = emptyDkimDraft()));
  }

  addSpfResult(): void {
    this.checkRepeated(this.record.spfResults.length, 'SPF results in one record');
    this.record.spfResults.push((this.spf = emptySpfDraft()));
  }

  private checkRepeated(present: number, what: string): void {
    if (present >= this.limits.maxRepeatedElements) {
      throw new ReportTooLargeError('maxRepeatedElements', this.limits.maxRepeatedElements, `the number of ${what}`);
    }
  }

  warn(message: string): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(message);
    else this.suppressedWarnings++;
  }

  allWarnings(): string[] {
    return this.suppressedWarnings === 0 ? [...this.warnings] : [...this.warnings, `... and ${this.suppressedWarnings} more`];
  }

  expectHeaderSection(section: string): void {
    if (this.header !== null) throw new InvalidReportError(`<${section}> comes after the records; it must precede them`, section);
  }

  startRecord(): void {
    if (this.header === null) this.completeHeader();
    if (this.recordCount >= this.limits.maxRecords) {
      throw new ReportTooLargeError('maxRecords', this.limits.maxRecords, 'the number of records');
    }
    this.record = emptyRecordDraft();
  }

  finishRecord(): void {
    const record = normalizeRecord(this.record, this.recordCount);
    this.pendingRecords.push(record);
    this.recordCount++;
    this.messageCount += record.count;
  }

  finishDocument(): void {
    if (this.header === null) this.completeHeader();
    if (this.recordCount === 0) this.warn('the report has no records');
    this.finished = true;
  }

  takeRecords(): DmarcRecord[] {
    const records = this.pendingRecords;
    this.pendingRecords = [];
    return records;
  }

  private completeHeader(): void {
    this.header = normalizeHeader(this.metadata, this.policy, this.schemaVersion(), (message) => this.warn(message));
  }

  /** As parsedmarc: no `<version>` means a pre-RFC draft report. */
  private schemaVersion(): SchemaVersion {
    if (this.namespaced) return 'rfc9990';
    return this.metadata.version === undefined ? 'draft' : 'rfc7489';
  }
}

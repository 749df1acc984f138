import { InvalidReportError, ReportTooLargeError } from '../errors.js';
import type { DmarcRecord, ReportHeader, SchemaVersion } from '../types.js';
import { emptyRecordDraft, type DkimDraft, type MetadataDraft, type PolicyDraft, type ReasonDraft, type RecordDraft, type SpfDraft } from './drafts.js';
import { normalizeHeader } from './normalize-header.js';
import { normalizeRecord } from './normalize-record.js';
import { documentRule, ignoredElement, type ElementRule } from './report-elements.js';

/** The root goes the checked way, which reads its namespace attributes. */
const feedbackRule = documentRule.children?.get('feedback');
import { matchesAt, type XmlHandler } from './xml-scanner.js';

const DMARC_2_NAMESPACE = 'urn:ietf:params:xml:ns:dmarc-2.0';
const MAX_WARNINGS = 20;

/**
 * Turns scanner events into the normalized report: the header once it is complete (at the first
 * record), then records one by one into `pendingRecords`, which the caller drains in batches.
 */
export class ReportBuilder implements XmlHandler {
  readonly metadata: MetadataDraft = { errors: [] };
  readonly policy: PolicyDraft = {};
  record: RecordDraft = emptyRecordDraft();
  reason: ReasonDraft = {};
  dkim: DkimDraft = {};
  spf: SpfDraft = {};

  header: ReportHeader | null = null;
  pendingRecords: DmarcRecord[] = [];
  recordCount = 0;
  messageCount = 0;
  finished = false;
  readonly warnings: string[] = [];
  wantsText = false;

  private readonly rules: ElementRule[] = [documentRule];
  private fieldText = '';
  private namespaced = false;
  private suppressedWarnings = 0;

  constructor(private readonly maxRecords: number) {}

  openElement(name: string, rawAttributes: string): void {
    const parentRule = this.rules[this.rules.length - 1] ?? ignoredElement;
    const rule = parentRule.children?.get(name) ?? ignoredElement;
    if (parentRule === documentRule) {
      if (rule === ignoredElement) {
        throw new InvalidReportError(`the root element is <${name}>, not <feedback>: this is not a DMARC aggregate report`);
      }
      this.namespaced = rawAttributes.includes(DMARC_2_NAMESPACE);
    }
    this.enter(rule);
  }

  private enter(rule: ElementRule): void {
    this.rules.push(rule);
    this.wantsText = rule.text !== undefined;
    if (this.wantsText) this.fieldText = '';
    rule.enter?.(this);
  }

  openExpectedElement(text: string, start: number, end: number): string | null {
    const parentRule = this.rules[this.rules.length - 1];
    const names = parentRule?.childNames;
    const rules = parentRule?.childRules;
    if (names === undefined || rules === undefined) return null;
    const length = end - start;
    const first = text.charCodeAt(start);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name.length === length && name.charCodeAt(0) === first && matchesAt(text, start, name)) {
        const rule = rules[i] as ElementRule;
        if (rule === feedbackRule) return null;
        this.enter(rule);
        return name;
      }
    }
    return null;
  }

  closeElement(): void {
    const rule = this.rules.pop() ?? ignoredElement;
    if (rule.text !== undefined) rule.text(this, this.fieldText);
    rule.exit?.(this);
    this.wantsText = this.rules[this.rules.length - 1]?.text !== undefined;
  }

  text(value: string): void {
    this.fieldText += value;
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
    if (this.recordCount >= this.maxRecords) {
      throw new ReportTooLargeError('maxRecords', this.maxRecords, 'the number of records');
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

/** One aggregate report: one reporter, one policy domain, one UTC day. */
export interface GeneratedReport {
  readonly orgName: string;
  /** Unique per (orgName, policyDomain). */
  readonly reportId: string;
  readonly policyDomain: string;
  readonly policyP: 'none' | 'quarantine' | 'reject';
  readonly dateBegin: Date;
  readonly dateEnd: Date;
  recordCount: number;
  messageCount: number;
}

/** Records column by column: a million of them stay compact and load straight into unnest(). */
export class RecordColumns {
  readonly reportIndex: number[] = [];
  readonly sourceIp: string[] = [];
  readonly count: number[] = [];
  readonly disposition: string[] = [];
  readonly dkimAligned: string[] = [];
  readonly spfAligned: string[] = [];
  readonly headerFrom: string[] = [];
  readonly envelopeFrom: string[] = [];

  get length(): number {
    return this.sourceIp.length;
  }

  push(record: {
    reportIndex: number;
    sourceIp: string;
    count: number;
    disposition: string;
    dkimAligned: string;
    spfAligned: string;
    headerFrom: string;
    envelopeFrom: string;
  }): void {
    this.reportIndex.push(record.reportIndex);
    this.sourceIp.push(record.sourceIp);
    this.count.push(record.count);
    this.disposition.push(record.disposition);
    this.dkimAligned.push(record.dkimAligned);
    this.spfAligned.push(record.spfAligned);
    this.headerFrom.push(record.headerFrom);
    this.envelopeFrom.push(record.envelopeFrom);
  }
}

export type SenderRole = 'provider' | 'forwarder' | 'mailingList' | 'smallSender' | 'campaign';

export interface GeneratedTraffic {
  readonly reports: GeneratedReport[];
  readonly records: RecordColumns;
  /** The planted spoofing campaign's source IPs (the ground truth of quality tests). */
  readonly campaignIps: string[];
  /** The taken-over legitimate sender, when `compromised` was asked for. */
  readonly compromisedIps: string[];
  readonly ipCount: Readonly<Record<SenderRole, number>>;
  readonly firstDay: Date;
  readonly lastDay: Date;
}

import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { DmarcReport } from './dmarc-report.entity.js';

/**
 * A received file whose reports were stored, kept compressed so `dmarc-analytics reparse` can
 * rebuild their records after a parser fix (RAW_REPORT_RETENTION). One row per distinct file:
 * a zip or e-mail with several reports is kept once.
 */
@Entity({ tableName: 'raw_report_files' })
@Unique({ name: 'raw_report_files_sha256_unique', properties: ['sha256'] })
export class RawReportFile {
  @PrimaryKey({ type: new BigIntType('number') })
  id!: number & Opt;

  /** SHA-256 (hex) of the file as received. */
  @Property({ type: 'text' })
  sha256!: string;

  @Property({ type: 'text' })
  filename!: string;

  /** Bytes as received. */
  @Property({ type: new BigIntType('number') })
  sizeBytes!: number;

  /** 'br' (brotli) or 'none' (kept as received: already gzip or zip). */
  @Property({ type: 'text' })
  compression!: string;

  @Property({ type: 'blob', lazy: true })
  content!: Buffer;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  receivedAt: Date & Opt = new Date();
}

/**
 * Which received file a stored report came from. No foreign key to the report, as for its
 * records: a TRUNCATE or bulk DELETE of dmarc_reports stays as it was, and a link left behind by a
 * deleted report is never read (reparse joins the reports; report ids are never reused).
 */
@Entity({ tableName: 'dmarc_report_raw_files' })
@Index({ name: 'dmarc_report_raw_files_file_idx', properties: ['rawFile'] })
export class DmarcReportRawFile {
  @ManyToOne({ entity: () => DmarcReport, primary: true, createForeignKeyConstraint: false })
  report!: DmarcReport;

  @ManyToOne({ entity: () => RawReportFile, deleteRule: 'cascade' })
  rawFile!: RawReportFile;
}

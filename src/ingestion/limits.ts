/** Bounds on what one upload may cost; each breach is a typed error (see errors.ts). */
export interface IngestionLimits {
  /** Bytes of the input as received (the compressed file, the whole e-mail). */
  readonly maxInputBytes: number;
  /** Bytes produced by all decompression of one input together. */
  readonly maxDecompressedBytes: number;
  /** Decompressed bytes per compressed byte of one container, checked once output passes 1 MiB. */
  readonly maxCompressionRatio: number;
  readonly maxZipEntries: number;
  /** Report attachments (XML, gzip, zip, forwarded message) read from one e-mail. */
  readonly maxEmailAttachments: number;
  /**
   * Zip and e-mail need random access, so they are held whole in memory (XML and gzip stream):
   * this bounds what one of them may hold, compressed or not.
   */
  readonly maxBufferedContainerBytes: number;
  /** Containers inside containers: e-mail → zip → xml is depth 2. */
  readonly maxNestingDepth: number;
  /** Records in one report. */
  readonly maxRecords: number;
  /** Longest single tag or text value: bounds the parser's buffer however the input is shaped. */
  readonly maxTokenChars: number;
  /** Elements open at once in one XML document: a DMARC report needs 6; skipping deeper ones still costs a stack. */
  readonly maxXmlDepth: number;
  /** DKIM or SPF results, or reasons, in one record; `<error>` elements in one report's metadata. */
  readonly maxRepeatedElements: number;
  /** `<feedback>` documents concatenated in one XML file, each read as a report of its own. */
  readonly maxDocuments: number;
  /** Bytes of one SMTP TLS report's JSON (RFC 8460), decompressed: it is held whole to be parsed. */
  readonly maxJsonBytes: number;
  /** Arrays and objects open at once in a TLS report's JSON: a report needs 5. */
  readonly maxJsonDepth: number;
  /** Policies and failure details together in one TLS report. */
  readonly maxTlsEntries: number;
}

const MiB = 1024 * 1024;

// A 100 MB report (about 200k records) is the largest seen in the wild; leave headroom.
// Real DMARC XML compresses 10-40x; deflate cannot exceed ~1032x, so 200x separates reports from bombs.
export const defaultIngestionLimits: IngestionLimits = {
  maxInputBytes: 256 * MiB,
  maxDecompressedBytes: 1024 * MiB,
  maxCompressionRatio: 200,
  maxZipEntries: 16,
  maxEmailAttachments: 16,
  maxBufferedContainerBytes: 64 * MiB,
  maxNestingDepth: 3,
  maxRecords: 5_000_000,
  maxTokenChars: 1 * MiB,
  maxXmlDepth: 32,
  maxRepeatedElements: 100,
  maxDocuments: 1000,
  // A TLS report is a few kilobytes (one line per policy and failure type): 4 MiB holds ~20,000 entries.
  maxJsonBytes: 4 * MiB,
  maxJsonDepth: 32,
  maxTlsEntries: 10_000,
};

export function resolveLimits(overrides?: Partial<IngestionLimits>): IngestionLimits {
  return { ...defaultIngestionLimits, ...overrides };
}

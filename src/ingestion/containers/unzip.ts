import yauzl from 'yauzl';
import { CompressionBombError, CorruptArchiveError, IngestionError, ReportTooLargeError, TooManyEntriesError } from '../errors.js';
import type { IngestionLimits } from '../limits.js';
import { translateErrors, type ByteStream } from './byte-stream.js';
import { exceedsCompressionRatio, guardDecompression, type DecompressionBudget } from './decompression-guard.js';

export interface ArchiveEntry {
  readonly name: string;
  /** Must be read to the end (or abandoned) before the next entry is requested. */
  readonly stream: ByteStream;
}

/**
 * The files of a zip archive. Declared sizes are checked before inflating anything, and actual
 * output is counted too, because headers can lie.
 */
export async function* unzip(archive: Buffer, name: string, limits: IngestionLimits, budget: DecompressionBudget): AsyncGenerator<ArchiveEntry> {
  const corrupt = (error: unknown): Error =>
    error instanceof IngestionError ? error : new CorruptArchiveError(`zip ${name} is corrupt: ${(error as Error).message}`, { cause: error });
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.fromBufferPromise(archive, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    throw corrupt(error);
  }
  try {
    if (zipfile.entryCount > limits.maxZipEntries) {
      throw new TooManyEntriesError(`zip ${name} has ${zipfile.entryCount} entries; at most ${limits.maxZipEntries} are read (maxZipEntries)`);
    }
    const entries = zipfile.eachEntry();
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw corrupt(error);
      }
      if (next.done === true) return;
      const entry = next.value;
      // Directories and macOS resource forks carry no report.
      if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
      checkDeclaredSizes(entry, name, limits);
      let inflated: ByteStream;
      try {
        inflated = await zipfile.openReadStreamPromise(entry);
      } catch (error) {
        throw corrupt(error);
      }
      const what = `zip entry ${entry.fileName}`;
      yield {
        name: entry.fileName,
        stream: guardDecompression(translateErrors(inflated, corrupt), what, () => entry.compressedSize, limits, budget),
      };
    }
  } finally {
    zipfile.close();
  }
}

function checkDeclaredSizes(entry: yauzl.Entry, archiveName: string, limits: IngestionLimits): void {
  if (entry.isEncrypted()) throw new CorruptArchiveError(`zip ${archiveName}: entry ${entry.fileName} is encrypted`);
  if (entry.uncompressedSize > limits.maxDecompressedBytes) {
    throw new ReportTooLargeError('maxDecompressedBytes', limits.maxDecompressedBytes, `the declared size of zip entry ${entry.fileName}`);
  }
  if (exceedsCompressionRatio(entry.uncompressedSize, entry.compressedSize, limits)) {
    throw new CompressionBombError(
      `zip entry ${entry.fileName} declares it expands more than ${limits.maxCompressionRatio} times (maxCompressionRatio): refused as a decompression bomb`,
    );
  }
}

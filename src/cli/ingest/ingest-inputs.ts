import type { FileIngestionResult, ReportIngestionService } from '../../ingestion/storage/index.js';
import { fileInMemory } from '../../received-files/received-file.js';
import type { IngestInput } from './collect-files.js';
import { readMbox } from './mbox-reader.js';

/**
 * Ingests each input in turn, an mbox message by message (one in memory at a time, at most
 * `maxMessageBytes`), calling `onResult` after each file or message.
 */
export async function ingestInputs(
  ingestion: ReportIngestionService,
  inputs: readonly IngestInput[],
  maxMessageBytes: number,
  onResult: (result: FileIngestionResult) => void,
): Promise<void> {
  for (const input of inputs) {
    if (input.kind === 'file') {
      onResult(await ingestion.ingestFile(input.path));
      continue;
    }
    for await (const message of readMbox(input.path, maxMessageBytes)) {
      const name = `${input.path}#${message.index}`;
      if (message.bytes === null) {
        onResult({
          file: name,
          reports: [],
          failureReports: [],
          tlsReports: [],
          error: { code: 'REPORT_TOO_LARGE', message: `message ${message.index} of ${input.path} is ${message.size} bytes; at most ${maxMessageBytes} are read (REPORT_UPLOAD_LIMIT_BYTES)` },
        });
        continue;
      }
      onResult(await ingestion.ingestReceived(fileInMemory(message.bytes, name), { channel: 'cli', name }));
    }
  }
}

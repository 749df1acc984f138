import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportXml, seededRandom } from './corpus.js';
import { MB, type Measurement } from './measurement-table.js';

/** Over 100 MB of XML (about 124 MB): the "a 100 MB report must not need 1 GB". */
const BIG_REPORT_RECORDS = 180_000;

/** Writes one ~100 MB report and streams it in a fresh process (stream-one.js); the file is removed after. */
export function streamBigReport(): Measurement & { megabytes: number } {
  const directory = mkdtempSync(join(tmpdir(), 'dmarc-big-report-'));
  try {
    const path = join(directory, 'big-report.xml');
    writeFileSync(path, reportXml(seededRandom(100), BIG_REPORT_RECORDS, 0).xml);
    const child = spawnSync(process.execPath, [join(import.meta.dirname, 'stream-one.js'), path], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`stream-one failed: ${child.stderr}`);
    return { ...(JSON.parse(child.stdout) as Measurement), megabytes: statSync(path).size / MB };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * Feeds one hostile shape (hostile-shapes.ts), gzipped on the fly, through the whole ingestion
 * pipeline (gunzip, XML, validation) in a process of its own, and prints one JSON line: the
 * refusal, the time and the process's maximum RSS, unmixed with anything else.
 * Usage: node dist/bench/ingest/hostile-one.js <shape> [mebibytes=100]
 */
import { IngestionError, streamReportEvents } from '../../src/ingestion/index.js';
import { gzippedHostileXml, hostileShape, MiB, type ProducedBytes } from './hostile-shapes.js';
import { cpuSecondsSince } from './measurement-table.js';

export interface HostileOutcome {
  readonly shape: string;
  /** The refusal's code; null when the input was read as a report. */
  readonly code: string | null;
  readonly message: string | null;
  readonly records: number;
  /** XML generated before the pipeline stopped asking for more. */
  readonly xmlMiB: number;
  readonly seconds: number;
  /** CPU time of the whole process, generating and gzipping the input included: the work, whatever the machine's load. */
  readonly cpuSeconds: number;
  readonly maxRssMiB: number;
}

const [name, mebibytes = '100'] = process.argv.slice(2);
if (name === undefined) throw new Error('usage: hostile-one.js <shape> [mebibytes]');
const shape = hostileShape(name);
const produced: ProducedBytes = { xml: 0 };
const started = performance.now();
const cpu = process.cpuUsage();
let records = 0;
let refusal: IngestionError | null = null;
try {
  for await (const event of streamReportEvents(gzippedHostileXml(shape, Number(mebibytes) * MiB, produced), { filename: `${name}.xml.gz` })) {
    if (event.type === 'records') records += event.records.length;
  }
} catch (error) {
  // Anything but a typed refusal is a failure of the pipeline: let it crash the process.
  if (!(error instanceof IngestionError)) throw error;
  refusal = error;
}
const outcome: HostileOutcome = {
  shape: name,
  code: refusal?.code ?? null,
  message: refusal?.message ?? null,
  records,
  xmlMiB: produced.xml / MiB,
  seconds: (performance.now() - started) / 1000,
  cpuSeconds: cpuSecondsSince(cpu),
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(outcome)}\n`);
// The generator may still hold gzip output nobody will read.
process.exit(0);

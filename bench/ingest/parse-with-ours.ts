import { createReadStream } from 'node:fs';
import { streamReportEvents } from '../../src/ingestion/index.js';
import { cpuSecondsSince, MB, type Measurement } from './measurement-table.js';

/** Streams each file through our parser as `ingest` does, sampling memory as it goes. */
export async function parseWithOurs(paths: readonly string[]): Promise<Measurement> {
  let records = 0;
  let peakHeap = 0;
  let peakRss = 0;
  let events = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const path of paths) {
    for await (const event of streamReportEvents(createReadStream(path, { highWaterMark: 256 * 1024 }), { filename: path })) {
      if (event.type === 'records') records += event.records.length;
      if (++events % 16 === 0) {
        const memory = process.memoryUsage();
        peakHeap = Math.max(peakHeap, memory.heapUsed);
        peakRss = Math.max(peakRss, memory.rss);
      }
    }
  }
  return { records, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSecondsSince(cpu), peakHeapMb: peakHeap / MB, peakRssMb: peakRss / MB };
}

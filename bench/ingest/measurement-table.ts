/** The table rows the ingestion benchmarks print, so parse-only and stored figures line up. */

export interface Measurement {
  readonly records: number;
  readonly seconds: number;
  /** CPU time spent (by this process, plus PostgreSQL where stated): the fair measure on a shared machine. */
  readonly cpuSeconds: number;
  readonly peakHeapMb?: number;
  readonly peakRssMb?: number;
}

export const MB = 1024 * 1024;

export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export const tableHeader = `${'parser'.padEnd(44)} ${'files'.padStart(6)} ${'records'.padStart(11)} ${'seconds'.padStart(9)} ${'records/s'.padStart(12)} ${'records/cpu-s'.padStart(14)} ${'peakRSS MB'.padStart(10)} ${'heap MB'.padStart(10)}`;

export function row(name: string, files: number, m: Measurement): string {
  const rate = Math.round(m.records / m.seconds).toLocaleString('en-US');
  const cpuRate = Math.round(m.records / m.cpuSeconds).toLocaleString('en-US');
  const memory = [m.peakRssMb === undefined ? '-' : m.peakRssMb.toFixed(0), m.peakHeapMb === undefined ? '-' : m.peakHeapMb.toFixed(0)];
  return [name.padEnd(44), String(files).padStart(6), m.records.toLocaleString('en-US').padStart(11), m.seconds.toFixed(2).padStart(9), rate.padStart(12), cpuRate.padStart(14), memory[0]!.padStart(10), memory[1]!.padStart(10)].join(' ');
}

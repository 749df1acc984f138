export interface Contender {
  readonly name: string;
  /** Looks up every address; returns how many were found, to check contenders agree. */
  readonly run: (addresses: readonly string[]) => number | Promise<number>;
}

export interface Measurement {
  readonly name: string;
  /** Fastest of the rounds, each round being the sum over all chunks. */
  readonly bestMs: number;
  readonly found: number;
}

/**
 * Times every contender on the same addresses. The addresses are cut into chunks and the
 * contenders take turns chunk by chunk (rotating who goes first), so background load on a shared
 * machine hits all of them alike; the best of `rounds` full passes is kept.
 */
export async function measure(
  contenders: readonly Contender[],
  addresses: readonly string[],
  options: { rounds: number; chunkSize: number },
): Promise<Measurement[]> {
  const best = contenders.map(({ name }) => ({ name, bestMs: Infinity, found: 0 }));
  for (let round = 0; round < options.rounds; round++) {
    const totals = contenders.map(() => ({ ms: 0, found: 0 }));
    for (let start = 0, chunk = 0; start < addresses.length; start += options.chunkSize, chunk++) {
      const slice = addresses.slice(start, start + options.chunkSize);
      for (let turn = 0; turn < contenders.length; turn++) {
        const index = (turn + chunk) % contenders.length;
        const begin = performance.now();
        const found = await (contenders[index] as Contender).run(slice);
        const total = totals[index] as { ms: number; found: number };
        total.ms += performance.now() - begin;
        total.found += found;
      }
    }
    totals.forEach((total, index) => {
      const record = best[index] as { name: string; bestMs: number; found: number };
      if (total.ms < record.bestMs) Object.assign(record, { bestMs: total.ms, found: total.found });
    });
  }
  return best;
}

export function formatTable(measurements: readonly Measurement[], count: number, baselines: readonly Measurement[]): string {
  const percent = (baseline: Measurement, m: Measurement) => `${((baseline.bestMs / m.bestMs) * 100).toFixed(1)}%`;
  const header = ['contender', 'lookups', 'best ms', 'lookups/s', 'found', ...baselines.map((b) => `vs ${b.name}`)];
  const rows = measurements.map((m) => [
    m.name,
    count.toLocaleString('en-US'),
    m.bestMs.toFixed(0),
    Math.round((count / m.bestMs) * 1000).toLocaleString('en-US'),
    m.found.toLocaleString('en-US'),
    ...baselines.map((b) => percent(b, m)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

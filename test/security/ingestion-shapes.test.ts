import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostileOutcome } from '../../bench/ingest/hostile-one.js';
import { hostileShapes } from '../../bench/ingest/hostile-shapes.js';
import { projectRoot } from '../../src/paths.js';

/**
 * Every hostile shape at 100 MiB of XML, gzipped as it is generated, through the whole pipeline in
 * a process of its own (the built dist/bench/ingest/hostile-one.js), so that its maximum RSS is its
 * own and not the test runner's. The bounds are far above what the shapes take (see
 * `npm run bench:ingest-hostile`) and far below what any of them took before it was bounded
 * (4.6 GB and an out-of-memory crash for deep nesting; 400-600 MB for split values and repeated
 * results): generous enough for a loaded machine, tight enough to catch growth with the input.
 */
const MAX_RSS_MIB = 300;
/** CPU seconds of the child (generating and gzipping its input included): wall time on a shared machine is noise. */
const MAX_CPU_SECONDS = 20;

function runShape(shape: string): Promise<HostileOutcome> {
  const script = join(projectRoot, 'dist', 'bench', 'ingest', 'hostile-one.js');
  // A heap cap makes a regression crash quickly instead of taking the machine's memory.
  const child = spawn(process.execPath, ['--max-old-space-size=512', script, shape, '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout) as HostileOutcome);
      else reject(new Error(`${shape}: the ingestion process failed (exit ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

describe('hostile inputs at 100 MiB decompressed', () => {
  it.each(hostileShapes.filter((shape) => shape.expectedCode !== null).map((shape) => [shape.name, shape.expectedCode, shape.description]))(
    '%s → %s in bounded time and memory (%s)',
    async (name, expectedCode) => {
      const outcome = await runShape(name as string);

      expect(outcome.code, outcome.message ?? '').toBe(expectedCode);
      expect(outcome.records).toBe(0);
      expect(outcome.cpuSeconds).toBeLessThan(MAX_CPU_SECONDS);
      expect(outcome.maxRssMiB).toBeLessThan(MAX_RSS_MIB);
    },
    120_000,
  );

  it('streams a valid 100 MiB report of a quarter million records in bounded memory', async () => {
    const outcome = await runShape('many-records');

    expect(outcome.code, outcome.message ?? '').toBeNull();
    expect(outcome.xmlMiB).toBeGreaterThanOrEqual(100);
    expect(outcome.records).toBeGreaterThan(200_000);
    expect(outcome.cpuSeconds).toBeLessThan(MAX_CPU_SECONDS);
    expect(outcome.maxRssMiB).toBeLessThan(MAX_RSS_MIB);
  }, 120_000);
});

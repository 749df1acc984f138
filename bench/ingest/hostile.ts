/**
 * Hostile-input benchmark: every shape of hostile-shapes.ts at 100 MiB of XML, each in a process of
 * its own (hostile-one.js), with its refusal, time and maximum RSS. The bound to compare with is
 * the security review's (issue 12): refused within seconds, far below 1 GiB.
 * Usage: node dist/bench/ingest/hostile.js [mebibytes=100]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { HostileOutcome } from './hostile-one.js';
import { hostileShapes } from './hostile-shapes.js';

const [mebibytes = '100'] = process.argv.slice(2);
const lines = [`${'shape'.padEnd(28)} ${'outcome'.padEnd(22)} ${'XML read MiB'.padStart(12)} ${'seconds'.padStart(8)} ${'CPU s'.padStart(6)} ${'max RSS MiB'.padStart(11)}`];
let failed = false;
for (const shape of hostileShapes) {
  const child = spawnSync(process.execPath, ['--max-old-space-size=512', join(import.meta.dirname, 'hostile-one.js'), shape.name, mebibytes], { encoding: 'utf8' });
  if (child.status !== 0) {
    failed = true;
    lines.push(`${shape.name.padEnd(28)} crashed (exit ${child.status}): ${child.stderr.trim().split('\n').at(-1) ?? ''}`);
    continue;
  }
  const outcome = JSON.parse(child.stdout) as HostileOutcome;
  const result = outcome.code ?? `read, ${outcome.records} records`;
  if (outcome.code !== shape.expectedCode) failed = true;
  lines.push(
    `${shape.name.padEnd(28)} ${result.padEnd(22)} ${outcome.xmlMiB.toFixed(1).padStart(12)} ${outcome.seconds.toFixed(2).padStart(8)} ${outcome.cpuSeconds.toFixed(2).padStart(6)} ${outcome.maxRssMiB.toFixed(0).padStart(11)}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n\n${mebibytes} MiB of XML per shape, gzipped on the fly; bound: a typed refusal in seconds, max RSS far below 1 GiB\n`);
process.exitCode = failed ? 1 : 0;

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

/** `npm run bench` runs every benchmark that has a `bench:*` script (CONTRIBUTING.md, "Add a benchmark"). */
describe('npm run bench', () => {
  it('runs the script of every bench:* entry of package.json', () => {
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const runAll = readFileSync(join(projectRoot, 'bench', 'run-all.ts'), 'utf8');
    const benchmarks = Object.entries(scripts).filter(([name]) => name.startsWith('bench:'));
    expect(benchmarks.length).toBeGreaterThan(10);
    const missing = benchmarks.filter(([, command]) => {
      const script = /node dist\/bench\/(\S+\.js)/.exec(command)?.[1];
      return script === undefined || !runAll.includes(`'${script}'`);
    });
    expect(missing.map(([name]) => name), 'add a run(...) line to bench/run-all.ts').toEqual([]);
  });
});

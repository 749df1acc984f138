import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** The code block under "How the pieces fit": one line per folder, its name first. */
function layoutMap(): string {
  const section = readme.split('### How the pieces fit')[1] ?? '';
  return /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
}

const folders = (path: string) => readdirSync(path, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

describe("the README's layout map", () => {
  const map = layoutMap();

  it('names every folder of src/, each on a line of its own', () => {
    const concerns = folders(join(projectRoot, 'src'));
    expect(concerns).toContain('ingestion');
    const missing = concerns.filter((name) => !new RegExp(`^ {2}${name}/ `, 'm').test(map));
    expect(missing, 'add a line for each to the map in README.md').toEqual([]);
  });

  it('names every folder of the repository (the tracked ones)', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: projectRoot, encoding: 'utf8' }).split('\n');
    const topFolders = [...new Set(tracked.filter((path) => path.includes('/')).map((path) => path.split('/')[0]!))];
    expect(topFolders).toEqual(expect.arrayContaining(['src', 'resolvers', 'entities', 'jobs', 'web', 'bench', 'scripts', 'test']));
    const missing = topFolders.filter((name) => !new RegExp(`^${name.replace('.', '\\.')}/`, 'm').test(map));
    expect(missing, 'add a line for each to the map in README.md').toEqual([]);
  });

  it('names no folder that is not there', () => {
    const named = [...map.matchAll(/^ {2}([a-z-]+)\/ /gm)].map((match) => match[1]!);
    expect(named.filter((name) => !folders(join(projectRoot, 'src')).includes(name))).toEqual([]);
  });
});

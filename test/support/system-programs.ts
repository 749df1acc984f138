import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Where the tests find the programs of the Debian packages they start, each of which a setting can
 * point elsewhere. The test setup (test/setup/system-packages.ts) checks these very paths, so a
 * program it finds is the one the tests run.
 */
export interface SystemProgram {
  /** The Debian package that brings it. */
  readonly debianPackage: string;
  /** Which tests start it. */
  readonly usedBy: string;
  /** The setting that points the tests at another copy (or, for Redis, at a running server). */
  readonly setting?: string;
  /** The program the tests run, or null when the setting makes it unneeded. */
  path(env: NodeJS.ProcessEnv): string | null;
}

export const chromiumProgram: SystemProgram = {
  debianPackage: 'chromium',
  usedBy: 'the browser tests',
  setting: 'CHROMIUM_PATH',
  path: (env) => env.CHROMIUM_PATH ?? '/usr/bin/chromium',
};

export const redisProgram: SystemProgram = {
  debianPackage: 'redis-server',
  usedBy: 'the tests of several instances sharing Redis',
  setting: 'TEST_REDIS_URL',
  path: (env) => (env.TEST_REDIS_URL ? null : (onPath('redis-server', env.PATH) ?? '/usr/bin/redis-server')),
};

export const dovecotProgram: SystemProgram = {
  debianPackage: 'dovecot-imapd',
  usedBy: 'the IMAP mailbox tests',
  setting: 'DOVECOT_BIN',
  path: (env) => env.DOVECOT_BIN ?? '/usr/sbin/dovecot',
};

export const dnsmasqProgram: SystemProgram = {
  debianPackage: 'dnsmasq-base',
  usedBy: 'the DNS tests',
  setting: 'DNSMASQ_BIN',
  path: (env) => env.DNSMASQ_BIN ?? '/usr/sbin/dnsmasq',
};

export const curlProgram: SystemProgram = {
  debianPackage: 'curl',
  usedBy: "the README's curl examples",
  path: (env) => onPath('curl', env.PATH) ?? '/usr/bin/curl',
};

export const prometheusProgram: SystemProgram = {
  debianPackage: 'prometheus',
  usedBy: 'the dashboard test (it scrapes the server and answers the dashboard\'s queries)',
  setting: 'PROMETHEUS_BIN',
  path: (env) => env.PROMETHEUS_BIN ?? '/usr/bin/prometheus',
};

/** Every program the suite starts, in the order the message names them. */
export const systemPrograms: readonly SystemProgram[] = [chromiumProgram, redisProgram, dovecotProgram, dnsmasqProgram, curlProgram, prometheusProgram];

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, path: string | undefined): string | undefined {
  return (path ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)).find(isExecutable);
}

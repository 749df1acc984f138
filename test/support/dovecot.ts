import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { dovecotProgram } from './system-programs.js';

export interface DovecotServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** imap://user:password@127.0.0.1:port (plaintext on loopback). */
  readonly url: string;
  /**
   * Puts messages into the user's INBOX the way a delivery agent does: straight into the Maildir
   * (tmp/ then rename into new/), which Dovecot picks up at the next SELECT. Thousands take well
   * under a second where IMAP APPEND takes a round trip each; what reads them still uses IMAP.
   */
  deliver(messages: readonly Buffer[]): void;
  stop(): Promise<void>;
}

const DOVECOT = dovecotProgram.path(process.env)!;

function requireDovecot(): void {
  const probe = spawnSync(DOVECOT, ['--version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `Dovecot is needed for the IMAP tests and was not found at ${DOVECOT} (${probe.error?.message ?? probe.stderr.trim()}). ` +
        'Install it with `apt-get install dovecot-imapd` (npm test does, as root), or set DOVECOT_BIN.',
    );
  }
}

/**
 * A throw-away Dovecot IMAP server on a free loopback port: its own config, run, state and log
 * folders and a Maildir store under a temp folder, one user with a static password, no TLS.
 * Runs in the foreground as a child process (stopped by its pid), so nothing outlives the tests.
 */
export async function startDovecot(): Promise<DovecotServer> {
  requireDovecot();
  const dir = mkdtempSync(join(tmpdir(), 'dmarc-dovecot-'));
  // Dovecot drops to `nobody` for mail access: it must be able to reach the store.
  chmodSync(dir, 0o755);
  const mail = join(dir, 'mail');
  mkdirSync(mail);
  const owner = { uid: uid('nobody'), gid: gid('nogroup') };
  chownSync(mail, owner.uid, owner.gid);
  for (const folder of ['base', 'state']) mkdirSync(join(dir, folder));
  const port = await freePort();
  const user = 'reports';
  const password = 'imap-test-password';
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    `base_dir = ${dir}/base
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mail}/%u
# A throw-away store: no fsync per message (tens of ms each on a shared disk).
mail_fsync = never
passdb {
  driver = static
  args = password=${password}
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
  );
  let deliveries = 0;
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForGreeting(port, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}`,
    deliver(messages) {
      const inbox = join(mail, user);
      for (const sub of ['', 'tmp', 'new', 'cur']) {
        mkdirSync(join(inbox, sub), { recursive: true });
        chownSync(join(inbox, sub), owner.uid, owner.gid);
      }
      const stamp = Math.floor(Date.now() / 1000);
      messages.forEach((message, i) => {
        // A Maildir file name must be unique: time, a counter, the pid and the host.
        const name = `${stamp}.M${deliveries++}_${i}P${process.pid}.${hostname()}`;
        writeFileSync(join(inbox, 'tmp', name), message);
        chownSync(join(inbox, 'tmp', name), owner.uid, owner.gid);
        renameSync(join(inbox, 'tmp', name), join(inbox, 'new', name));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function uid(name: string): number {
  return Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
}

function gid(name: string): number {
  return Number(spawnSync('getent', ['group', name], { encoding: 'utf8' }).stdout.split(':')[2]);
}

async function waitForGreeting(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}: ${stderr()}`);
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
    });
    if (greeted) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not greet on port ${port} within 15 s: ${stderr()}`);
}

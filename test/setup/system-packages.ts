import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.js';
import { isExecutable, systemPrograms, type SystemProgram } from '../support/system-programs.js';

export interface SystemPackagesOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Whether a program is there (tests simulate a fresh machine with `() => false`). */
  readonly exists?: (path: string) => boolean;
  readonly isRoot?: boolean;
  readonly hasAptGet?: boolean;
  /** Installs the packages (scripts/install-system-packages.sh); returns whether it succeeded. */
  readonly install?: (packages: readonly string[]) => boolean;
  /** Where the progress lines go (stderr). */
  readonly log?: (line: string) => void;
}

/** The programs the suite starts that are not where it will look for them. */
export function missingPrograms(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = isExecutable): SystemProgram[] {
  return systemPrograms.filter((program) => {
    const path = program.path(env);
    return path !== null && !exists(path);
  });
}

/**
 * What `npm test` does first (from the global setup, before any store starts or any test runs):
 * finds the Debian programs the suite starts, and when some are missing installs their packages
 * as root with apt-get (the first run on a fresh machine), or stops with one message naming the
 * exact command. When everything is there it costs a few file checks.
 */
export function ensureSystemPackages(options: SystemPackagesOptions = {}): void {
  const env = options.env ?? process.env;
  const exists = options.exists ?? isExecutable;
  const missing = missingPrograms(env, exists);
  if (missing.length === 0) return;

  // A setting that points at nothing is a mistake apt-get cannot mend.
  const misdirected = missing.filter((program) => program.setting !== undefined && env[program.setting] !== undefined);
  if (misdirected.length > 0) {
    throw new Error(`npm test: ${misdirected.map((p) => `${p.setting}=${env[p.setting!]} is not an executable program (${p.usedBy})`).join('; ')}`);
  }
  const packages = missing.map((program) => program.debianPackage);
  const isRoot = options.isRoot ?? process.getuid?.() === 0;
  const hasAptGet = options.hasAptGet ?? ['/usr/bin/apt-get', '/bin/apt-get'].some(exists);
  const why = missing.map((program) => `${program.debianPackage} (${program.usedBy})`).join(', ');
  const settings = missing.flatMap((program) => (program.setting ? [program.setting] : [])).join(', ');
  const elsewhere = settings ? `, or point the tests at other copies with ${settings}` : '';
  if (!hasAptGet) {
    throw new Error(`npm test needs programs this machine lacks: ${why}. Install them with your package manager${elsewhere}.`);
  }
  const command = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!isRoot) {
    throw new Error(`npm test needs Debian packages this machine lacks: ${why}. Install them with: sudo sh -c '${command}' (run as root, npm test installs them itself)${elsewhere}.`);
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  log(`npm test: installing the Debian packages ${packages.join(', ')} (first run on this machine only; see README.md, Quick start)`);
  const started = Date.now();
  const install = options.install ?? runInstallScript;
  if (!install(packages) || missingPrograms(env, exists).length > 0) {
    throw new Error(`npm test: installing ${packages.join(' ')} failed (see apt-get's output above); run \`${command}\` as root and try again`);
  }
  log(`npm test: installed ${packages.join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
}

function runInstallScript(packages: readonly string[]): boolean {
  const result = spawnSync('bash', [join(projectRoot, 'scripts', 'install-system-packages.sh'), ...packages], { stdio: ['ignore', 'inherit', 'inherit'] });
  return result.status === 0;
}

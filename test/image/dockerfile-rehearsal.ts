import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One stage of the Dockerfile as it was rehearsed: its folder (what /app holds) and its ENV. */
export interface RehearsedStage {
  readonly name: string;
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly entrypoint: readonly string[];
}

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The instructions, continuation lines joined, comments and the parser directive dropped. */
export function dockerfileInstructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.search(/\s/);
      return { keyword: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
}

/**
 * Carries out a Dockerfile without a Docker engine, each stage in a folder of its own under `root`
 * standing for its WORKDIR: FROM starts a stage, COPY copies from the build context (`context`) or
 * from an earlier stage (`--from=`), RUN runs the command with bash in the stage's folder, ENV and
 * ENTRYPOINT are kept for whoever starts the result. The base image's own contents (Node 24 and
 * npm) are this machine's. Any other instruction that changes files is refused, so a Dockerfile
 * this cannot rehearse fails the test instead of being half-checked.
 */
export async function rehearseDockerfile(options: {
  readonly context: string;
  readonly root: string;
  /** Environment of the RUN commands (PATH, HOME, npm settings). */
  readonly runEnv: NodeJS.ProcessEnv;
  /** Each RUN's output, as it comes. */
  readonly onOutput?: (chunk: string) => void;
}): Promise<RehearsedStage[]> {
  const stages: RehearsedStage[] = [];
  let stage: { name: string; dir: string; workdir: string; env: Record<string, string>; entrypoint: string[] } | undefined;
  for (const { keyword, args } of dockerfileInstructions(readFileSync(join(options.context, 'Dockerfile'), 'utf8'))) {
    if (keyword === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? `stage${stages.length}`;
      stage = { name, dir: join(options.root, name), workdir: '/', env: {}, entrypoint: [] };
      mkdirSync(stage.dir, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    switch (keyword) {
      case 'WORKDIR':
        stage.workdir = args;
        break;
      case 'ENV':
        for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[key!] = value!;
        break;
      case 'COPY': {
        const words = args.split(/\s+/);
        const from = words[0]!.startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
        const dest = words.pop()!;
        const source = from === undefined ? undefined : stages.find((s) => s.name === from);
        if (from !== undefined && !source) throw new Error(`COPY --from=${from}: no such stage`);
        for (const word of words) {
          // An earlier stage's paths are absolute in its WORKDIR, which is that stage's folder here.
          const path = source ? join(source.dir, relative('/app', word)) : join(options.context, word);
          const target = join(stage.dir, dest);
          const into = statSync(path).isDirectory() ? target : dest.endsWith('/') || words.length > 1 ? join(target, word.split('/').pop()!) : target;
          cpSync(path, into, { recursive: true });
        }
        break;
      }
      case 'RUN':
        await run(args, stage.dir, options.runEnv, options.onOutput);
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = JSON.parse(args) as string[];
        break;
      case 'USER':
      case 'EXPOSE':
      case 'HEALTHCHECK':
      case 'CMD':
        break;
      default:
        throw new Error(`the rehearsal does not know ${keyword}; teach test/image/dockerfile-rehearsal.ts`);
    }
  }
  return stages;
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv, onOutput?: (chunk: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      onOutput?.(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`RUN ${command} exited with ${code}:\n${tail}`))));
  });
}

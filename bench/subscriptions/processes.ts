/** The benchmark's processes (servers and subscriber clients, each a child driven over IPC) and small helpers. */
import { fork, type ChildProcess } from 'node:child_process';
import type { ClientCommand, ClientReply, ClientSetup, ServerCommand, ServerReply } from './workload.js';

/** A child process that answers each command with one message. */
export class Child<Command, Reply> {
  private readonly replies: ((reply: Reply) => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly process: ChildProcess, readonly name: string) {
    process.on('message', (message: Reply) => this.replies.shift()?.(message));
    this.exited = new Promise((resolve) => process.once('exit', resolve));
  }

  /** The next message, with a bound. */
  next(timeoutMs = 120_000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no answer within ${timeoutMs} ms`)), timeoutMs);
      this.replies.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      void this.exited.then((code) => reject(new Error(`${this.name} exited with ${code}`)));
    });
  }

  ask(command: Command, timeoutMs?: number): Promise<Reply> {
    const reply = this.next(timeoutMs);
    this.process.send(command as object);
    return reply;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    this.process.send({ type: 'stop' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

export type ServerChild = Child<ServerCommand, ServerReply>;
export type ClientChild = Child<ClientCommand, ClientReply>;

export interface RunningServer {
  readonly child: ServerChild;
  readonly url: string;
  readonly apiKeys: readonly string[];
  /** False where the server has no subscriptions yet: connections and authentication only. */
  readonly subscriptions: boolean;
}

export async function startServer(script: string, env: Record<string, string>, name: string): Promise<RunningServer> {
  const child = new Child<ServerCommand, ServerReply>(
    fork(new URL(script, import.meta.url), [], { execArgv: ['--expose-gc'], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    name,
  );
  const ready = await child.next(120_000);
  if (ready.type !== 'ready') throw new Error(`${name}: unexpected ${ready.type}`);
  return { child, url: ready.url, apiKeys: ready.apiKeys, subscriptions: ready.subscriptions };
}

export async function startClients(setups: readonly ClientSetup[]): Promise<ClientChild[]> {
  return Promise.all(setups.map(async (setup, i) => {
    const child = new Child<ClientCommand, ClientReply>(fork(new URL('./client.js', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }), `client ${i}`);
    const started = child.next(30_000);
    child.process.send(setup);
    await started;
    return child;
  }));
}

export async function serversCpu(servers: readonly RunningServer[]): Promise<number> {
  const replies = await Promise.all(servers.map((server) => server.child.ask({ type: 'cpu' })));
  return sum(replies.map((reply) => (reply.type === 'cpu' ? reply.cpuMs : Number.NaN)));
}

export const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const percentile = (sorted: readonly number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)]! : Number.NaN);


import type { ClientCommand, ClientReply } from './workload.js';

/** Server memory after two full collections (the servers run with --expose-gc). */
export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
}

export interface ChurnResult {
  readonly cycles: number;
  readonly failed: number;
  readonly errors: readonly string[];
  /** RSS and heap after the warm-up: what the churn is compared with. */
  readonly baseline: MemorySample;
  /** After each round, in percent of the baseline (the last is the result): a leak grows round after round, retention does not. */
  readonly rounds: readonly { readonly rssPercent: number; readonly heapPercent: number }[];
}

export const CHURN_WARMUP_CYCLES = 1_000;
export const CHURN_ROUNDS = 5;

/**
 * `cycles` connect/subscribe/disconnect cycles, spread over the client processes, measured against
 * a baseline taken after CHURN_WARMUP_CYCLES cycles at the same concurrency: the baseline then
 * already holds what a process keeps once it has served that many sockets at once (V8's heap
 * pages, the allocator's arenas, JIT code), so what the churn adds on top is what the cycles leave
 * behind. Memory is sampled after every fifth of the cycles, so a leak shows as a rising series.
 */
export async function churn(options: {
  readonly cycles: number;
  readonly concurrency: number;
  readonly clients: number;
  readonly askAll: (command: ClientCommand, timeoutMs?: number) => Promise<ClientReply[]>;
  /** Every server's memory, summed. */
  readonly memory: () => Promise<MemorySample>;
  readonly settle: () => Promise<void>;
}): Promise<ChurnResult> {
  const { askAll, clients, concurrency } = options;
  const run = async (cycles: number) =>
    (await askAll({ type: 'churn', cycles: Math.round(cycles / clients), concurrency }, 600_000)) as Extract<ClientReply, { type: 'churned' }>[];
  await run(CHURN_WARMUP_CYCLES);
  await options.settle();
  const baseline = await options.memory();
  const rounds: { rssPercent: number; heapPercent: number }[] = [];
  let failed = 0;
  const errors = new Set<string>();
  for (let round = 0; round < CHURN_ROUNDS; round++) {
    const replies = await run(options.cycles / CHURN_ROUNDS);
    for (const reply of replies) {
      failed += reply.failed;
      for (const error of reply.errors) errors.add(error);
    }
    await options.settle();
    const now = await options.memory();
    rounds.push({ rssPercent: (100 * now.rss) / baseline.rss, heapPercent: (100 * now.heapUsed) / baseline.heapUsed });
  }
  return { cycles: options.cycles, failed, errors: [...errors].slice(0, 5), baseline, rounds };
}

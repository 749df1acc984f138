import type { Command } from 'commander';
import type { JobStatusView } from '../../scheduler/job-scheduler.js';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerJobs(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('list the scheduled jobs: schedule, next and last run, failures, runs in progress')
    .option('--json', 'print the list as JSON on stdout')
    .action((options: { json?: boolean }) =>
      runCommand(async (config, logger) => {
        // Logs go to stderr (runCommand): stdout carries the list.
        await withServices(config, logger, async (services) => {
          // The ledger (PostgreSQL) answers even when the job store does not; say so instead of failing.
          await services.jobs.ready(config.lifecycle.startupTimeoutMs).catch((error: unknown) => logger.warn({ err: error }, 'job store unreachable: times unknown'));
          const list = await services.jobs.list();
          process.stdout.write(options.json ? `${JSON.stringify(list, null, 2)}\n` : formatJobs(list));
        });
      }),
    );
  jobs
    .command('run')
    .description('run one job now, in this process, and wait for it (exit 1 when it fails)')
    .argument('<name>', 'the job name, as `dmarc-analytics jobs` lists it')
    .action((name: string) =>
      runCommand(async (config, logger) => {
        return withServices(config, logger, async (services) => {
          const outcome = await services.jobs.runHere(name, (fraction, message) => {
            process.stderr.write(`${name}: ${Math.round(fraction * 100)}%${message ? ` ${message}` : ''}\n`);
          });
          process.stdout.write(`${name}: ${outcome.outcome.toLowerCase()} (run ${outcome.runId})${outcome.result ? ` ${JSON.stringify(outcome.result)}` : ''}\n`);
        });
      }),
    );
}

function formatJobs(list: readonly JobStatusView[]): string {
  const time = (date: Date | null) => (date ? date.toISOString().replace('.000Z', 'Z') : '-');
  const lines = list.map((job) => {
    const state = job.running
      ? `running${job.progress === null ? '' : ` ${Math.round(job.progress * 100)}%`}${job.progressMessage ? ` (${job.progressMessage})` : ''}`
      : job.paused
        ? 'paused'
        : job.overdue
          ? 'OVERDUE'
          : 'idle';
    const last = job.recentRuns[0];
    return [
      `${job.name}  [${state}]`,
      `  ${job.description}`,
      `  schedule: ${job.schedule ?? 'on demand'} (${job.timeZone}); next run ${time(job.nextRunAt)}; last run ${time(job.lastRunAt)}, finished ${time(job.lastFinishedAt)}`,
      `  last outcome: ${last ? `${last.outcome.toLowerCase()} at ${time(last.startedAt)}${last.durationMs === null ? '' : ` in ${last.durationMs} ms`}` : 'never ran'}`,
      ...(job.lastFailure ? [`  last failure: ${time(job.lastFailure.at)} ${job.lastFailure.message}`] : []),
    ].join('\n');
  });
  const backend = list[0]?.backend ?? '-';
  const reachable = list.every((job) => job.storeReachable);
  return `job store: ${backend}${reachable ? '' : ' (unreachable: schedule times unknown)'}\n\n${lines.join('\n\n')}\n`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobDefinitions } from '../../jobs/index.js';
import { settingNames } from '../../src/config/config.js';
import { projectRoot } from '../../src/paths.js';
import { runCli } from '../support/cli.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');

/** A newcomer reads the README, not the code: every command and every setting is in it. */
describe('README.md as a reference', () => {
  it('has a row for every command `dmarc-analytics --help` lists', async () => {
    const help = await runCli(['--help']);
    const commands = [...help.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toContain('demo');
    for (const command of commands) expect(readme, `command ${command}`).toMatch(new RegExp(`^\\| \`${command}[ \`]`, 'm'));
  });

  it('has a row for every job in the Scheduled jobs table, and .env.example its default schedule', () => {
    const envExample = readFileSync(join(projectRoot, '.env.example'), 'utf8');
    const table = readme.split('### Scheduled jobs')[1]!.split('\n\n')[1]!;
    expect(jobDefinitions.length).toBeGreaterThan(5);
    for (const job of jobDefinitions) {
      expect(table, `job ${job.name}`).toMatch(new RegExp(`^\\| \`${job.name}\` \\| \`${job.defaultSchedule === null ? 'off' : job.defaultSchedule.replaceAll('*', '\\*')}\``, 'm'));
      const setting = `JOB_${job.name.toUpperCase().replaceAll('-', '_')}_CRON`;
      expect(envExample, setting).toContain(`${setting}=${job.defaultSchedule ?? 'off'}\n`);
    }
  });

  it('has a row for every setting the configuration reads', () => {
    expect(settingNames).toContain('LOG_FORMAT');
    for (const setting of settingNames) expect(readme, `setting ${setting}`).toContain(`\`${setting}\``);
  });
});

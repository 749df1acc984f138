import { Command } from 'commander';
import { serviceVersion } from '../version.js';
import { registerCheckConfig } from './commands/check-config.js';
import { registerCreateUser } from './commands/create-user.js';
import { registerDemo } from './commands/demo.js';
import { registerGeoPurge } from './commands/geo-purge.js';
import { registerHeatmapsGenerate } from './commands/heatmaps-generate.js';
import { registerIngest } from './commands/ingest.js';
import { registerJobs } from './commands/jobs.js';
import { registerMigrate } from './commands/migrate.js';
import { registerReingest } from './commands/reingest.js';
import { registerReparse } from './commands/reparse.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';
import { loadDotEnv } from './load-environment.js';

/** The `dmarc-analytics` command line. Each command lives in commands/ and registers itself here. */
function buildProgram(): Command {
  const program = new Command('dmarc-analytics')
    .description('DMARC aggregate report analytics: GraphQL API, ingestion, geolocation and anomaly detection')
    .version(serviceVersion)
    .showHelpAfterError()
    .addHelpText('after', '\nConfiguration comes from environment variables and ./.env; see README.md.');
  registerServe(program);
  registerWorker(program);
  registerJobs(program);
  registerMigrate(program);
  registerIngest(program);
  registerReingest(program);
  registerReparse(program);
  registerCreateUser(program);
  registerDemo(program);
  registerCheckConfig(program);
  registerGeoPurge(program);
  registerHeatmapsGenerate(program);
  return program;
}

loadDotEnv();
await buildProgram().parseAsync(process.argv);

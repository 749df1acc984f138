import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261123195859_Initial } from './Migration20261123195859_Initial.js';
import { Migration20261124120000_AuthResultsOnRecords } from './Migration20261124120000_AuthResultsOnRecords.js';
import { Migration20261201140000_LoginThrottles } from './Migration20261201140000_LoginThrottles.js';
import { Migration20261201141000_DropPredictionIsAnomaly } from './Migration20261201141000_DropPredictionIsAnomaly.js';
import { Migration20261201143000_Webhooks } from './Migration20261201143000_Webhooks.js';
import { Migration20261201150000_Alerts } from './Migration20261201150000_Alerts.js';
import { Migration20261201151500_QuarantineRawMailbox } from './Migration20261201151500_QuarantineRawMailbox.js';
import { Migration20261201150500_ReportWarnings } from './Migration20261201150500_ReportWarnings.js';
import { Migration20261201160000_Jobs } from './Migration20261201160000_Jobs.js';
import { Migration20261201170000_MailboxMessageAttempts } from './Migration20261201170000_MailboxMessageAttempts.js';
import { Migration20261201174000_UnstatedRecordValues } from './Migration20261201174000_UnstatedRecordValues.js';
import { Migration20261207193147_FailureAndTlsReports } from './Migration20261207193147_FailureAndTlsReports.js';
import { Migration20261207193227_SenderNaming } from './Migration20261207193227_SenderNaming.js';

/**
 * Every migration in order. Listed explicitly rather than discovered from the folder so that
 * compiled (dist/) and source (Vitest) runs see the same list. `npm run migration:create` writes a
 * new file; add it here.
 */
export const migrationsList: { name: string; class: Constructor<Migration> }[] = [
  { name: 'Migration20261123195859_Initial', class: Migration20261123195859_Initial },
  { name: 'Migration20261124120000_AuthResultsOnRecords', class: Migration20261124120000_AuthResultsOnRecords },
  { name: 'Migration20261201140000_LoginThrottles', class: Migration20261201140000_LoginThrottles },
  { name: 'Migration20261201141000_DropPredictionIsAnomaly', class: Migration20261201141000_DropPredictionIsAnomaly },
  { name: 'Migration20261201143000_Webhooks', class: Migration20261201143000_Webhooks },
  { name: 'Migration20261201150000_Alerts', class: Migration20261201150000_Alerts },
  { name: 'Migration20261201150500_ReportWarnings', class: Migration20261201150500_ReportWarnings },
  { name: 'Migration20261201151500_QuarantineRawMailbox', class: Migration20261201151500_QuarantineRawMailbox },
  { name: 'Migration20261201160000_Jobs', class: Migration20261201160000_Jobs },
  { name: 'Migration20261201170000_MailboxMessageAttempts', class: Migration20261201170000_MailboxMessageAttempts },
  { name: 'Migration20261201174000_UnstatedRecordValues', class: Migration20261201174000_UnstatedRecordValues },
  { name: 'Migration20261207193147_FailureAndTlsReports', class: Migration20261207193147_FailureAndTlsReports },
  { name: 'Migration20261207193227_SenderNaming', class: Migration20261207193227_SenderNaming },
];

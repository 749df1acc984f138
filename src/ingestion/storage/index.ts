/** Storing parsed reports in PostgreSQL: one transaction per report, each report once. */
export { ReportIngestionService, type ReportIngestionOptions } from './report-ingestion-service.js';
export type * from './ingestion-result.js';
export { storedCount } from './ingestion-result.js';

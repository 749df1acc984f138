/** The SQL of `demo --reset` (demo-data.ts). */

/** Every table of the application, quoted: all but the migrations' own. */
export const applicationTablesSql = `
SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'mikro_orm_migrations%'`;

/** Empties `tables` (quoted names) in one statement, foreign keys included. */
export const truncateTablesSql = (tables: readonly string[]): string => `TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`;

/** The SQL of running the database itself: a liveness probe, creating the embedded one, emptying it. */

/** Answers while PostgreSQL does. */
export const pingSql = 'select 1';

/** $1 name: one row when the database exists. */
export const databaseExistsSql = 'SELECT 1 FROM pg_database WHERE datname = $1';

/** `name` must be a plain identifier (the embedded database's own, never user input). */
export const createDatabaseSql = (name: string): string => `CREATE DATABASE ${name}`;

/** Empties `quotedTables` (names quoted as identifiers) in one statement, foreign keys included. */
export const truncateTablesSql = (quotedTables: string): string => `TRUNCATE ${quotedTables} RESTART IDENTITY CASCADE`;

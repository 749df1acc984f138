/** The SQL of running the database itself: a liveness probe, and creating the embedded one. */

/** Answers while PostgreSQL does. */
export const pingSql = 'select 1';

/** $1 name: one row when the database exists. */
export const databaseExistsSql = 'SELECT 1 FROM pg_database WHERE datname = $1';

/** `name` must be a plain identifier (the embedded database's own, never user input). */
export const createDatabaseSql = (name: string): string => `CREATE DATABASE ${name}`;

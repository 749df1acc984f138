import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Raw SQL through the EntityManager's connection, inside its transaction when it has one.
 * Parameters are `?` placeholders (MikroORM inlines them, escaped).
 */
export function runSql<Row = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return em.getConnection().execute<Row[]>(sql, params, 'all', em.getTransactionContext());
}

/**
 * A PostgreSQL array literal ('{"a","b"}') for one `?::type[]` parameter. One escaped string is
 * far cheaper for the server to parse than an ARRAY[...] expression of thousands of literals.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const items = values.map((v) => {
    if (v === null) return 'NULL';
    if (typeof v === 'number') return String(v);
    return `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}

export const DAY_MS = 86_400_000;

/** A half-open [start, end) range of whole UTC days. */
export interface DayWindow {
  readonly start: Date;
  readonly end: Date;
  readonly days: number;
}

/** The last `days` UTC days including the day of `now`. */
export function lastDays(days: number, now: Date): DayWindow {
  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + DAY_MS;
  return { start: new Date(tomorrow - days * DAY_MS), end: new Date(tomorrow), days };
}

/** The window of the same length just before. */
export function previousWindow(window: DayWindow): DayWindow {
  return { start: new Date(window.start.getTime() - window.days * DAY_MS), end: window.start, days: window.days };
}

/** pg returns bigint and numeric as strings. */
export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

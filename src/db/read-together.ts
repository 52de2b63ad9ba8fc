import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * A read to be sent with others in one statement: the query, and which of its columns are
 * timestamps (JSON carries them as text; they come back as `Date`, as the driver gives them).
 * `date` columns come back as 'YYYY-MM-DD' text, as the driver's parser gives them too.
 */
export interface Reading<O> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query: SelectQueryBuilder<DB, any, O>;
  timestamps: readonly string[];
}

export type Readings = Record<string, Reading<unknown>>;

/** The rows of each reading, under its name. */
export type RowsOf<R extends Readings> = {
  [K in keyof R]: R[K] extends Reading<infer O> ? O[] : never;
};

/** A reading of this query, whose listed columns are timestamps. */
export function reading<O>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query: SelectQueryBuilder<DB, any, O>,
  timestamps: readonly (keyof O & string)[] = [],
): Reading<O> {
  return { query, timestamps };
}

/**
 * Runs every reading in one statement, one round trip (docs/performance.md): each becomes a
 * JSON array in a column of one row, in the order its query gives (PostgreSQL aggregates a
 * sorted subquery in its order). Nothing is read twice and no reading waits for another.
 */
export async function readTogether<R extends Readings>(
  db: Executor,
  readings: R,
): Promise<RowsOf<R>> {
  const names = Object.keys(readings);
  if (names.length === 0) return {} as RowsOf<R>;
  const columns = names.map(
    (name, i) =>
      sql`(SELECT coalesce(json_agg(t), '[]'::json) FROM (${readings[name]!.query}) t) AS ${sql.id(`r${i}`)}`,
  );
  const { rows } = await sql<Record<string, unknown[]>>`SELECT ${sql.join(columns)}`.execute(db);
  const row = rows[0]!;
  const result: Record<string, unknown[]> = {};
  names.forEach((name, i) => {
    const timestamps = readings[name]!.timestamps;
    const values = (row[`r${i}`] ?? []) as Record<string, unknown>[];
    result[name] = timestamps.length === 0 ? values : values.map((v) => revive(v, timestamps));
  });
  return result as RowsOf<R>;
}

function revive(row: Record<string, unknown>, timestamps: readonly string[]) {
  const copy = { ...row };
  for (const key of timestamps) {
    const value = copy[key];
    if (typeof value === 'string') copy[key] = new Date(value);
  }
  return copy;
}

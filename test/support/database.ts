import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import type { StatementObserver } from '../../src/db/round-trips.ts';

/**
 * A fresh, migrated database for one test.
 * - PGlite (default): migrated once per process, dumped, and each test loads that snapshot.
 * - PostgreSQL when TEST_DATABASE_URL is set: migrated once per process into a template
 *   database; each test gets its own database created from the template, dropped on close.
 */
export async function testDatabase(
  options: { observe?: StatementObserver } = {},
): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? postgresFromTemplate(url, options.observe) : pgliteFromSnapshot(options.observe);
}

export const usingPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

let snapshot: Promise<File | Blob> | undefined;

async function pgliteFromSnapshot(observe?: StatementObserver): Promise<Database> {
  snapshot ??= (async () => {
    const database = await openDatabase({ kind: 'pglite' });
    await migrate(database);
    const dump = await database.dumpDataDir!();
    await database.close();
    return dump;
  })();
  return openDatabase({
    kind: 'pglite',
    loadDataDir: await snapshot,
    ...(observe ? { observe } : {}),
  });
}

let template: Promise<string> | undefined;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function postgresFromTemplate(url: string, observe?: StatementObserver): Promise<Database> {
  template ??= (async () => {
    const name = `cicero_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
    await admin(url, (c) => c.query(`CREATE DATABASE ${name}`));
    const database = await openDatabase({
      kind: 'postgres',
      url: withDatabase(url, name),
      poolSize: 2,
    });
    await migrate(database);
    await database.close();
    return name;
  })();
  const tpl = await template;
  const name = `cicero_t_${randomBytes(6).toString('hex')}`;
  await admin(url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`));
  const database = await openDatabase({
    kind: 'postgres',
    url: withDatabase(url, name),
    poolSize: 5,
    ...(observe ? { observe } : {}),
  });
  return {
    ...database,
    async close() {
      await database.close();
      await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

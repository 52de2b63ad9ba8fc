import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { testDatabase, usingPostgres } from '../../../test/support/database.ts';
import { MAX_HELPERS, withSnapshot, type Executor } from './snapshot.ts';

const prepare = async () => {};
const backend = async (db: Executor) =>
  (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]!.pid;
const hubCount = async (db: Executor) =>
  Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM hubs`.execute(db)).rows[0]!.n);
const sleep = (db: Executor) => sql`SELECT pg_sleep(0.3)`.execute(db);

describe('statistics queries on one snapshot', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
  });
  after(async () => {
    await database.close();
  });

  test('one after another on one transaction when not parallel, in the order asked', async () => {
    const order: number[] = [];
    const results = await withSnapshot(
      database.db,
      { parallel: false, prepare },
      async (_trx, run) =>
        Promise.all(
          [1, 2, 3].map((i) =>
            run(async (db) => {
              order.push(i);
              return backend(db);
            }),
          ),
        ),
    );
    assert.deepEqual(order, [1, 2, 3]);
    assert.equal(new Set(results).size, 1);
  });

  test('a failed query fails the reading and nothing runs after it', async () => {
    let ranAfter = false;
    await assert.rejects(
      withSnapshot(database.db, { parallel: false, prepare }, async (_trx, run) =>
        Promise.all([
          run((db) => sql`SELECT 1 / 0`.execute(db)),
          run(async (db) => {
            ranAfter = true;
            return hubCount(db);
          }),
        ]),
      ),
    );
    assert.equal(ranAfter, false);
  });

  test(
    'parallel: several connections, one snapshot, and rows committed meanwhile unseen',
    { skip: !usingPostgres() && 'PostgreSQL only (PGlite has one connection)' },
    async () => {
      const { backends, counts, direct } = await withSnapshot(
        database.db,
        { parallel: true, prepare },
        async (trx, run) => {
          const before = await hubCount(trx);
          // Committed by another connection after the snapshot was taken.
          await database.db
            .insertInto('hubs')
            .values({ code: 'ZZ', name: 'Snapshot test hub', status: 'pilot' })
            .execute();
          const jobs = Array.from({ length: MAX_HELPERS + 1 }, () =>
            run(async (db) => {
              await sleep(db);
              return { pid: await backend(db), n: await hubCount(db) };
            }),
          );
          const results = await Promise.all(jobs);
          return {
            backends: new Set(results.map((r) => r.pid)),
            counts: results.map((r) => r.n),
            direct: before,
          };
        },
      );
      assert.ok(backends.size > 1, 'the queries ran on more than one connection');
      assert.deepEqual(new Set(counts), new Set([direct]), 'every query saw the same snapshot');
      await database.db.deleteFrom('hubs').where('code', '=', 'ZZ').execute();
    },
  );
});

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';

test('the embedded database keeps its data when closed and opened again', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'cicero-pglite-')), 'pglite');
  const first = await openDatabase({ kind: 'pglite', dataDir });
  await migrate(first);
  await first.db
    .insertInto('hubs')
    .values({ code: 'KEPT', name: 'Kept', status: 'live' })
    .execute();
  await first.close();

  const second = await openDatabase({ kind: 'pglite', dataDir });
  try {
    assert.deepEqual(await migrate(second), []);
    const row = await second.db
      .selectFrom('hubs')
      .select('name')
      .where('code', '=', 'KEPT')
      .executeTakeFirst();
    assert.equal(row?.name, 'Kept');
  } finally {
    await second.close();
  }
});

/** A TCP forwarder to the test PostgreSQL server that can be started and stopped. */
function forwarder(target: URL) {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    async start(port: number) {
      server = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test(
  'a PostgreSQL outage is reported by ping, and the pool recovers by itself when the server returns',
  { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' },
  async () => {
    const target = new URL(process.env.TEST_DATABASE_URL!);
    const port = await freePort();
    const proxied = new URL(target);
    proxied.host = `127.0.0.1:${port}`;
    const proxy = forwarder(target);
    const database = await openDatabase({ kind: 'postgres', url: proxied.toString() });
    try {
      const down = await database.ping();
      assert.equal(down.ok, false);
      await proxy.start(port);
      assert.deepEqual(await database.ping(), { ok: true });
      await proxy.stop();
      assert.equal((await database.ping()).ok, false, 'the outage is seen');
      await proxy.start(port);
      assert.deepEqual(await database.ping(), { ok: true }, 'and recovered from');
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
      assert.equal(rows[0]!.one, 1);
    } finally {
      await database.close();
      await proxy.stop();
    }
  },
);

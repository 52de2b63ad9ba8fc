import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase, usingPostgres } from '../../../test/support/database.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { tamper, waitUntilSealable, writeEvents } from './testing.ts';

const root = join(import.meta.dirname, '..', '..', '..');

async function cicero(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env } },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

/** The database the CLI will open, and a way to reopen it in this process between commands. */
async function cliDatabase(): Promise<{
  env: NodeJS.ProcessEnv;
  use(work: (database: Database) => Promise<void>): Promise<void>;
  cleanUp(): Promise<void>;
}> {
  // The CLI's audit key and checkpoints are made in DATA_DIR: one of its own per test database.
  const dir = mkdtempSync(join(tmpdir(), 'cicero-audit-cli-'));
  if (usingPostgres()) {
    const database = await testDatabase();
    const name = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(database.db))
      .rows[0]!.db;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString(), DATA_DIR: dir },
      use: (work) => work(database),
      cleanUp: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  // One process per PGlite directory: open it here only between CLI runs.
  const use = async (work: (database: Database) => Promise<void>) => {
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    try {
      await work(database);
    } finally {
      await database.close();
    }
  };
  await use((database) => migrate(database).then(() => undefined));
  return {
    env: { DATA_DIR: dir },
    use,
    cleanUp: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

test('seal-audit and verify-audit: exit 0 with the row count, then 1 naming the broken row', async () => {
  const target = await cliDatabase();
  try {
    await target.use(async (database) => {
      await writeEvents(database.db, testClock(), 3);
      await waitUntilSealable(database.db);
    });
    const sealed = await cicero(target.env, 'seal-audit');
    assert.equal(sealed.code, 0);
    assert.match(sealed.stdout, /^Sealed 3 audit rows\./m);
    // The key was made in DATA_DIR, and the checkpoint written beside it.
    assert.match(
      sealed.stdout,
      /^Checkpoint written to .*audit-checkpoints: \{"seq":3,"hash":"[0-9a-f]{64}",/m,
    );

    const verified = await cicero(target.env, 'verify-audit');
    assert.equal(verified.code, 0);
    assert.match(verified.stdout, /^Audit log verified: 3 rows$/m);
    assert.match(verified.stdout, /^Checked with 1 key\(s\) \(current [0-9a-f]{16}\)/m);

    // Another key cannot vouch for this chain.
    const otherKey = await cicero(
      { ...target.env, AUDIT_KEY: randomBytes(32).toString('hex') },
      'verify-audit',
    );
    assert.equal(otherKey.code, 1);
    assert.match(otherKey.stdout, /seq: +1\n/);
    assert.match(
      otherKey.stdout,
      /problem: +the seal's MAC was made with key [0-9a-f]{16}, which is not configured/,
    );

    let eventId = '';
    await target.use(async (database) => {
      eventId = (
        await sql<{
          id: string;
        }>`SELECT event_id::text AS id FROM audit_seals WHERE seq = 2`.execute(database.db)
      ).rows[0]!.id;
      await tamper(
        database.db,
        `UPDATE audit_events SET outcome = 'failure' WHERE id = '${eventId}'`,
      );
    });
    const broken = await cicero(target.env, 'verify-audit');
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /seq: +2\n/);
    assert.match(broken.stdout, new RegExp(`event id: +${eventId}\\n`));
    assert.match(broken.stdout, /problem: +the event does not match its seal/);
  } finally {
    await target.cleanUp();
  }
});

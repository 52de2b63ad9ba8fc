import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';

const root = join(import.meta.dirname, '..', '..', '..');

test('npm run cicero -- retention-recompute works out the review dates of every case', async () => {
  // The CLI opens the embedded database in DATA_DIR: a fresh one, migrated here first.
  const dir = mkdtempSync(join(tmpdir(), 'cicero-retention-cli-'));
  try {
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    try {
      await migrate(database);
    } finally {
      await database.close();
    }
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'retention-recompute'],
      {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: 'test', DATA_DIR: dir, DATABASE_URL: '' },
      },
    );
    assert.match(stdout, /Retention review dates worked out for 0 cases \(0 clocks running\)\./);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { createClientCommand } from './commands.ts';

let database: Database;
let dir: string;
let keyFile: string;

before(async () => {
  database = await testDatabase();
  dir = await mkdtemp(join(tmpdir(), 'api-clients-cli-'));
  keyFile = join(dir, 'client.jwk.json');
  const { publicKey } = await generateKeyPair('RS256', { extractable: true });
  await writeFile(keyFile, JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'pcmt-2026' }));
});
after(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => createClientCommand(database.db, testClock(), args);

test('create-client adds a client with the same rules as the page and prints its id', async () => {
  const result = await run([
    '--name',
    'NW Police PCMT',
    '--organisation',
    'North West Counter Terrorism Policing',
    '--role',
    'case_officer:NW',
    '--scope',
    'requests:write',
    '--scope',
    'requests:read',
    '--public-key-file',
    keyFile,
    '--may-act-for-users',
    'yes',
  ]);
  assert.equal(result.code, 0, result.err.join('\n'));
  const id = /^Client id: ([0-9a-f-]{36})$/.exec(result.out[1] ?? '')?.[1];
  assert.ok(id, result.out.join('\n'));
  assert.equal(result.out[2], 'Key id: pcmt-2026');
  const row = await database.db
    .selectFrom('api_clients')
    .select(['scopes', 'may_act_for_users', 'key_id'])
    .where('user_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, {
    scopes: ['requests:write', 'requests:read'],
    may_act_for_users: true,
    key_id: 'pcmt-2026',
  });
  const audit = await database.db
    .selectFrom('audit_events')
    .select('detail')
    .where('subject_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(audit.detail.via, 'cli');
});

test('create-client refuses mixed sides, wrong scopes and an unreadable key, naming the flags', async () => {
  const before = (await database.db.selectFrom('api_clients').select('user_id').execute()).length;
  const mixed = await run([
    '--name',
    'Mixed',
    '--organisation',
    'Somewhere',
    '--role',
    'case_officer:WM',
    '--role',
    'clinician:WM',
    '--scope',
    'cases:read',
    '--public-key-file',
    keyFile,
  ]);
  assert.equal(mixed.code, 1);
  assert.match(mixed.err.join('\n'), /--role: Case officer \(police\) and Clinician \(health\)/);
  const scope = await run([
    '--name',
    'Police',
    '--organisation',
    'Somewhere',
    '--role',
    'case_officer:WM',
    '--scope',
    'cases:read',
    '--public-key-file',
    keyFile,
  ]);
  assert.equal(scope.code, 1);
  assert.match(scope.err.join('\n'), /--scope: A police client cannot have the scope cases:read/);
  const missing = await run([
    '--name',
    'Police',
    '--organisation',
    'Somewhere',
    '--role',
    'case_officer:WM',
    '--scope',
    'requests:read',
    '--public-key-file',
    join(dir, 'nope.json'),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.err.join('\n'), /--public-key-file: cannot read/);
  assert.equal(
    (await database.db.selectFrom('api_clients').select('user_id').execute()).length,
    before,
  );
  assert.equal((await run(['--bogus', 'x'])).code, 2);
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';
import { auditKeyId } from './domain/audit-keys.ts';
import { auditAnchors } from './features/audit/anchors.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'cicero-config-audit-'));
const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
const hex = () => randomBytes(32).toString('hex');

const refusedAs = (env: Record<string, string>, variable: string, message: RegExp) =>
  assert.throws(
    () => loadConfig({ DATA_DIR: dataDir(), ...env }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.variable === variable &&
      message.test(error.message) &&
      !error.message.includes('\n'),
  );

test('production needs the audit key, named in one line', () => {
  refusedAs(
    production,
    'AUDIT_KEY_FILE',
    /^AUDIT_KEY_FILE: is required when NODE_ENV is production \(or AUDIT_KEY\)/,
  );
  const config = loadConfig({ DATA_DIR: dataDir(), ...production, AUDIT_KEY: hex() });
  assert.equal(config.audit.keys?.length, 1);
});

test('AUDIT_KEY holds the keys, newest first; checkpoints go to DATA_DIR unless told', () => {
  const dir = dataDir();
  const [current, retired] = [hex(), randomBytes(32).toString('base64')];
  const config = loadConfig({ DATA_DIR: dir, AUDIT_KEY: `${current}, ${retired}` });
  assert.deepEqual(
    config.audit.keys?.map((k) => k.id),
    [auditKeyId(Buffer.from(current, 'hex')), auditKeyId(Buffer.from(retired, 'base64'))],
  );
  assert.equal(config.audit.keyFile, null);
  assert.equal(config.audit.checkpointDir, join(dir, 'audit-checkpoints'));
  const elsewhere = join(dir, 'anchors');
  assert.equal(
    loadConfig({ DATA_DIR: dir, AUDIT_KEY: current, AUDIT_CHECKPOINT_DIR: elsewhere }).audit
      .checkpointDir,
    elsewhere,
  );
});

test('AUDIT_KEY_FILE is read at start; its checkpoints go beside it', () => {
  const keys = mkdtempSync(join(tmpdir(), 'cicero-keys-'));
  const file = join(keys, 'audit-key');
  const key = hex();
  writeFileSync(file, `# current\n${key}\n`, { mode: 0o600 });
  const config = loadConfig({ DATA_DIR: dataDir(), ...production, AUDIT_KEY_FILE: file });
  assert.deepEqual(config.audit.keys?.[0]?.secret, Buffer.from(key, 'hex'));
  assert.equal(config.audit.keyFile, file);
  assert.equal(config.audit.checkpointDir, join(keys, 'audit-checkpoints'));
});

test('bad audit key settings are refused, naming the variable', () => {
  refusedAs({ AUDIT_KEY: 'short' }, 'AUDIT_KEY', /key 1 is not a key/);
  refusedAs({ AUDIT_KEY: hex(), AUDIT_KEY_FILE: '/x' }, 'AUDIT_KEY', /not both/);
  refusedAs(
    { AUDIT_KEY_FILE: join(dataDir(), 'absent') },
    'AUDIT_KEY_FILE',
    /cannot read the key file .*absent \(ENOENT\)/,
  );
  const empty = join(dataDir(), 'empty-key');
  writeFileSync(empty, '# nothing yet\n');
  refusedAs({ AUDIT_KEY_FILE: empty }, 'AUDIT_KEY_FILE', /empty-key holds no key/);
});

test('outside production the key file is made in DATA_DIR on first use, only for its owner, and kept', () => {
  const dir = dataDir();
  const first = loadConfig({ DATA_DIR: dir });
  assert.equal(first.audit.keys, null, 'nothing is written just by reading the configuration');
  assert.equal(first.audit.keyFile, join(dir, 'audit-key'));
  const made = auditAnchors(first.audit);
  assert.equal(statSync(join(dir, 'audit-key')).mode & 0o777, 0o600);
  assert.match(readFileSync(join(dir, 'audit-key'), 'utf8'), /^# Cicero's audit log key/);
  assert.equal(made.checkpointDir, join(dir, 'audit-checkpoints'));
  const again = loadConfig({ DATA_DIR: dir });
  assert.equal(again.audit.keys?.[0]?.id, made.keyring.current.id);
  assert.equal(auditAnchors(again.audit).keyring.current.id, made.keyring.current.id);
});

test('the service will not start in production without the audit key, and says so in one line', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir(),
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      ...production,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(result.status, 1);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(
    lines[0]!,
    /^Cicero cannot start: AUDIT_KEY_FILE: is required when NODE_ENV is production/,
  );
});

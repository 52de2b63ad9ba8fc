import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'cicero-config-'));

test('defaults give an embedded database in demo mode on port 3000', () => {
  const dir = dataDir();
  const config = loadConfig({ DATA_DIR: dir });
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.demo, true);
  assert.equal(config.sessionIdleMinutes, 30);
  assert.equal(config.sessionAbsoluteHours, 12);
  assert.equal(config.secureCookies, false);
});

test('the embedded default generates a session secret once and keeps it', () => {
  const dir = dataDir();
  const first = loadConfig({ DATA_DIR: dir }).sessionSecret;
  assert.ok(first.length >= 32);
  assert.equal(readFileSync(join(dir, 'session-secret'), 'utf8').trim(), first);
  assert.equal(loadConfig({ DATA_DIR: dir }).sessionSecret, first);
});

const refused: [Record<string, string>, string][] = [
  [{ PORT: 'abc' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ PORT: '0' }, 'PORT'],
  [{ PORT: '3.5' }, 'PORT'],
  [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
  [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
  [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
  [{ SESSION_IDLE_MINUTES: '-1' }, 'SESSION_IDLE_MINUTES'],
];

for (const [env, variable] of refused) {
  test(`refuses ${JSON.stringify(env)} naming ${variable}`, () => {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), ...env }),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
    );
  });
}

test('a postgres URL selects the server and turns demo mode off', () => {
  const config = loadConfig({
    DATABASE_URL: 'postgres://cicero@db.internal:5432/cicero',
    DATA_DIR: dataDir(),
  });
  assert.equal(config.databaseUrl, 'postgres://cicero@db.internal:5432/cicero');
  assert.equal(config.demo, false);
});

test('production requires a secret and sets secure cookies', () => {
  const config = loadConfig({
    NODE_ENV: 'production',
    SESSION_SECRET: 'x'.repeat(40),
    DATABASE_URL: 'postgres://h/db',
  });
  assert.equal(config.secureCookies, true);
  assert.equal(config.demo, false);
});

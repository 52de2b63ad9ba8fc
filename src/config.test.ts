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
    AUDIT_KEY: 'a'.repeat(64),
    DATABASE_URL: 'postgres://h/db',
  });
  assert.equal(config.secureCookies, true);
  assert.equal(config.demo, false);
});

const cis2 = {
  OIDC_PROVIDERS: 'cis2,police',
  PUBLIC_URL: 'https://cicero.example.nhs.uk',
  OIDC_CIS2_ISSUER: 'https://idp.cis2.example',
  OIDC_CIS2_CLIENT_ID: 'cicero',
  OIDC_CIS2_CLIENT_SECRET: 'cis2-secret',
  OIDC_CIS2_NAME: 'NHS Care Identity',
  OIDC_CIS2_MFA_ACR_VALUES: 'AAL3_ANY, AAL2_OTP',
  OIDC_POLICE_ISSUER: 'https://idp.police.example/realm',
  OIDC_POLICE_CLIENT_ID: 'cicero-police',
  OIDC_POLICE_CLIENT_SECRET: 'police-secret',
  OIDC_POLICE_NAME: 'Police account',
  OIDC_POLICE_REQUIRE_MFA: 'false',
};

test('identity providers are read from OIDC_PROVIDERS and OIDC_<ID>_*', () => {
  const config = loadConfig({ DATA_DIR: dataDir(), ...cis2 });
  assert.equal(config.publicUrl, 'https://cicero.example.nhs.uk');
  assert.deepEqual(config.oidcProviders, [
    {
      id: 'cis2',
      name: 'NHS Care Identity',
      issuer: 'https://idp.cis2.example',
      clientId: 'cicero',
      clientSecret: 'cis2-secret',
      requireMfa: true,
      mfaAcrValues: ['AAL3_ANY', 'AAL2_OTP'],
      scopes: ['openid'],
      stepUpAcrValues: [],
    },
    {
      id: 'police',
      name: 'Police account',
      issuer: 'https://idp.police.example/realm',
      clientId: 'cicero-police',
      clientSecret: 'police-secret',
      requireMfa: false,
      mfaAcrValues: [],
      scopes: ['openid'],
      stepUpAcrValues: [],
    },
  ]);
  assert.deepEqual(loadConfig({ DATA_DIR: dataDir() }).oidcProviders, []);
});

const refusedProviders: [Record<string, string>, string, RegExp][] = [
  [{ OIDC_PROVIDERS: 'cis2,police', OIDC_POLICE_ISSUER: '' }, 'OIDC_POLICE_ISSUER', /required/],
  [{ OIDC_CIS2_CLIENT_ID: '' }, 'OIDC_CIS2_CLIENT_ID', /required because/],
  [{ OIDC_CIS2_CLIENT_SECRET: '' }, 'OIDC_CIS2_CLIENT_SECRET', /required/],
  [{ OIDC_CIS2_NAME: '' }, 'OIDC_CIS2_NAME', /required/],
  [{ OIDC_CIS2_ISSUER: 'idp.example' }, 'OIDC_CIS2_ISSUER', /issuer URL/],
  [{ OIDC_CIS2_ISSUER: 'http://idp.example' }, 'OIDC_CIS2_ISSUER', /https/],
  [{ OIDC_CIS2_REQUIRE_MFA: 'maybe' }, 'OIDC_CIS2_REQUIRE_MFA', /true or false/],
  [{ OIDC_PROVIDERS: 'cis2,cis2' }, 'OIDC_PROVIDERS', /more than once/],
  [{ OIDC_PROVIDERS: 'cis-2' }, 'OIDC_PROVIDERS', /comma-separated/],
  [{ PUBLIC_URL: '' }, 'PUBLIC_URL', /required when OIDC_PROVIDERS/],
  [{ PUBLIC_URL: 'https://cicero.example/app' }, 'PUBLIC_URL', /no path/],
  [{ OIDC_CIS2_NAME: 'x'.repeat(61) }, 'OIDC_CIS2_NAME', /60/],
];

for (const [change, variable, message] of refusedProviders) {
  test(`refuses provider settings ${JSON.stringify(change)} naming ${variable}`, () => {
    assert.throws(
      () => loadConfig({ DATA_DIR: dataDir(), ...cis2, OIDC_PROVIDERS: 'cis2', ...change }),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && message.test(error.message),
    );
  });
}

test('plain http is allowed only for a provider on this machine, and never in production', () => {
  const local = { ...cis2, OIDC_PROVIDERS: 'cis2', OIDC_CIS2_ISSUER: 'http://127.0.0.1:9000' };
  assert.equal(
    loadConfig({ DATA_DIR: dataDir(), ...local }).oidcProviders[0]?.issuer,
    'http://127.0.0.1:9000',
  );
  const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) };
  assert.throws(
    () => loadConfig({ DATA_DIR: dataDir(), ...local, ...production }),
    (error: unknown) => error instanceof ConfigError && error.variable === 'OIDC_CIS2_ISSUER',
  );
  assert.throws(
    () =>
      loadConfig({
        DATA_DIR: dataDir(),
        ...cis2,
        ...production,
        PUBLIC_URL: 'http://cicero.example',
      }),
    (error: unknown) => error instanceof ConfigError && error.variable === 'PUBLIC_URL',
  );
});

test('MIGRATION_DATABASE_URL is the owner of the same PostgreSQL database, for migrations', () => {
  const dir = dataDir();
  const service = 'postgres://cicero_app@db.example:5432/cicero';
  const owner = 'postgres://cicero_owner@db.example:5432/cicero';
  assert.equal(
    loadConfig({ DATA_DIR: dir, DATABASE_URL: service }).migrationDatabaseUrl,
    undefined,
  );
  const config = loadConfig({
    DATA_DIR: dir,
    DATABASE_URL: service,
    MIGRATION_DATABASE_URL: owner,
  });
  assert.equal(config.databaseUrl, service);
  assert.equal(config.migrationDatabaseUrl, owner);
  assert.throws(
    () => loadConfig({ DATA_DIR: dir, DATABASE_URL: service, MIGRATION_DATABASE_URL: 'mysql://x' }),
    /^Error: MIGRATION_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
  );
  assert.throws(
    () => loadConfig({ DATA_DIR: dir, MIGRATION_DATABASE_URL: owner }),
    (error: Error) =>
      error instanceof ConfigError &&
      /MIGRATION_DATABASE_URL: is for PostgreSQL/.test(error.message),
  );
});

test('REPORTING_DATABASE_URL names a replica of the PostgreSQL server, for statistics', () => {
  const dir = dataDir();
  const service = 'postgres://cicero_app@db.example:5432/cicero';
  const replica = 'postgres://cicero_app@replica.example:5432/cicero';
  assert.equal(
    loadConfig({ DATA_DIR: dir, DATABASE_URL: service }).reportingDatabaseUrl,
    undefined,
  );
  assert.equal(
    loadConfig({ DATA_DIR: dir, DATABASE_URL: service, REPORTING_DATABASE_URL: replica })
      .reportingDatabaseUrl,
    replica,
  );
  assert.throws(
    () => loadConfig({ DATA_DIR: dir, DATABASE_URL: service, REPORTING_DATABASE_URL: 'replica' }),
    /^Error: REPORTING_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
  );
  assert.throws(
    () => loadConfig({ DATA_DIR: dir, REPORTING_DATABASE_URL: replica }),
    (error: Error) =>
      error instanceof ConfigError &&
      /REPORTING_DATABASE_URL: is a replica of a PostgreSQL server/.test(error.message),
  );
});

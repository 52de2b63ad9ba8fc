import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './config-error.ts';
import { readOidcProviders } from './config-oidc.ts';

const dir = mkdtempSync(join(tmpdir(), 'cicero-oidc-config-'));
const rsaFile = join(dir, 'rsa.pem');
const ecFile = join(dir, 'ec.pem');
const junkFile = join(dir, 'junk.pem');
writeFileSync(
  rsaFile,
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
);
writeFileSync(
  ecFile,
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
);
writeFileSync(junkFile, 'not a key');

const base = {
  OIDC_CIS2_ISSUER:
    'https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/oidc',
  OIDC_CIS2_CLIENT_ID: 'cicero',
  OIDC_CIS2_NAME: 'NHS Care Identity',
};
const read = (env: Record<string, string>) => readOidcProviders({ ...base, ...env }, 'cis2', true);

test('a private key file stands in for the client secret (private_key_jwt)', () => {
  const [rsa] = read({ OIDC_CIS2_PRIVATE_KEY_FILE: rsaFile, OIDC_CIS2_PRIVATE_KEY_ID: 'key-1' });
  assert.equal(rsa?.clientSecret, undefined);
  assert.equal(rsa?.privateKey?.alg, 'RS256');
  assert.equal(rsa?.privateKey?.keyId, 'key-1');
  assert.match(rsa?.privateKey?.pem ?? '', /BEGIN PRIVATE KEY/);
  const [rs512] = read({ OIDC_CIS2_PRIVATE_KEY_FILE: rsaFile, OIDC_CIS2_PRIVATE_KEY_ALG: 'RS512' });
  assert.equal(rs512?.privateKey?.alg, 'RS512');
  const [ec] = read({ OIDC_CIS2_PRIVATE_KEY_FILE: ecFile });
  assert.equal(ec?.privateKey?.alg, 'ES256');
  assert.equal(ec?.privateKey?.keyId, undefined);
});

test('scopes, step-up acr values and the CIS2 role map are read', () => {
  const [cis2] = read({
    OIDC_CIS2_CLIENT_SECRET: 's',
    OIDC_CIS2_SCOPES: 'profile nationalrbacaccess, selectedrole',
    OIDC_CIS2_STEP_UP_ACR_VALUES: 'AAL3_ANY',
    OIDC_CIS2_ROLE_MAP: 'R8000=clinician, R8008=hub_lead,R8008=senior_clinician',
  });
  assert.deepEqual(cis2?.scopes, ['openid', 'profile', 'nationalrbacaccess', 'selectedrole']);
  assert.deepEqual(cis2?.stepUpAcrValues, ['AAL3_ANY']);
  assert.deepEqual(cis2?.roleMap, {
    R8000: ['clinician'],
    R8008: ['hub_lead', 'senior_clinician'],
  });
  const [plain] = read({ OIDC_CIS2_CLIENT_SECRET: 's' });
  assert.equal(plain?.roleMap, undefined);
});

const refusals: [Record<string, string>, string, RegExp][] = [
  [{}, 'OIDC_CIS2_CLIENT_SECRET', /required .*PRIVATE_KEY_FILE instead/],
  [
    { OIDC_CIS2_CLIENT_SECRET: 's', OIDC_CIS2_PRIVATE_KEY_FILE: rsaFile },
    'OIDC_CIS2_CLIENT_SECRET',
    /both set/,
  ],
  [
    { OIDC_CIS2_PRIVATE_KEY_FILE: join(dir, 'missing.pem') },
    'OIDC_CIS2_PRIVATE_KEY_FILE',
    /readable/,
  ],
  [{ OIDC_CIS2_PRIVATE_KEY_FILE: junkFile }, 'OIDC_CIS2_PRIVATE_KEY_FILE', /PEM private key/],
  [
    { OIDC_CIS2_PRIVATE_KEY_FILE: ecFile, OIDC_CIS2_PRIVATE_KEY_ALG: 'RS256' },
    'OIDC_CIS2_PRIVATE_KEY_ALG',
    /ES256/,
  ],
  [
    { OIDC_CIS2_CLIENT_SECRET: 's', OIDC_CIS2_ROLE_MAP: 'R8000' },
    'OIDC_CIS2_ROLE_MAP',
    /R8000=clinician/,
  ],
  [
    { OIDC_CIS2_CLIENT_SECRET: 's', OIDC_CIS2_ROLE_MAP: 'R8000=superuser' },
    'OIDC_CIS2_ROLE_MAP',
    /Cicero roles/,
  ],
];
for (const [env, variable, message] of refusals) {
  test(`refuses ${JSON.stringify(env).replaceAll(dir, '<dir>')} naming ${variable}`, () => {
    assert.throws(
      () => read(env),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === variable && message.test(error.message),
    );
  });
}

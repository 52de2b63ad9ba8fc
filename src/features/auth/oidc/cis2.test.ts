import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { OidcProviderSettings } from '../../../config.ts';
import { testApp, type TestApp } from '../../../../test/support/app.ts';
import { createUser } from '../../../../test/support/auth.ts';
import {
  startTestIdentityProvider,
  testKeyPair,
  type TestIdentityProvider,
} from '../../../../test/support/oidc-provider.ts';
import { ssoSignIn } from '../../../../test/support/sso.ts';
import { linkSsoIdentity } from './service.ts';

const PUBLIC_URL = 'http://127.0.0.1:9';
const callback = (id: string) => `${PUBLIC_URL}/sign-in/sso/${id}/callback`;
const key = testKeyPair('cicero-key-1');

let idp: TestIdentityProvider;
before(async () => {
  idp = await startTestIdentityProvider([
    // Cicero's public key registered with the provider: it authenticates by private_key_jwt.
    { clientId: 'cicero-cis2', jwks: { keys: [key.publicJwk] }, redirectUri: callback('cis2') },
    {
      clientId: 'cicero-wrongkey',
      jwks: { keys: [key.publicJwk] },
      redirectUri: callback('wrongkey'),
    },
  ]);
});
after(() => idp.close());

const cis2 = (issuer: string): OidcProviderSettings => ({
  id: 'cis2',
  name: 'NHS Care Identity',
  issuer,
  clientId: 'cicero-cis2',
  privateKey: { pem: key.privatePem, keyId: key.kid, alg: 'RS256' },
  requireMfa: false,
  mfaAcrValues: [],
  scopes: ['openid', 'selectedrole', 'nationalrbacaccess'],
  roleMap: { R8000: ['clinician'], R8008: ['hub_lead'] },
});

const profiles = [
  { person_roleid: '555000000001', role_code: 'S8000:G8000:R8000', org_code: 'RX1' },
  { person_roleid: '555000000002', role_code: 'S8000:G8001:R8008', org_code: 'RX1' },
  { person_roleid: '555000000003', role_code: 'S8000:G8002:R9999', org_code: 'RX1' },
];

async function withApp(body: (t: TestApp) => Promise<void>) {
  const wrong = testKeyPair('cicero-key-1');
  const t = await testApp({
    config: {
      publicUrl: PUBLIC_URL,
      oidcProviders: [
        cis2(idp.issuer),
        {
          ...cis2(idp.issuer),
          id: 'wrongkey',
          clientId: 'cicero-wrongkey',
          privateKey: { pem: wrong.privatePem, keyId: wrong.kid, alg: 'RS256' },
          roleMap: undefined,
        },
      ],
    },
  });
  try {
    await body(t);
  } finally {
    await t.close();
  }
}

/** A clinician of WM linked to `subject`, whose selected CIS2 role is `selected`. */
async function clinician(t: TestApp, subject: string, selected?: string) {
  const user = await createUser(t.database.db, { roles: ['clinician'], hubCodes: ['WM'] });
  await linkSsoIdentity(t.database.db, t.clock, {
    email: user.email,
    providerId: 'cis2',
    issuer: idp.issuer,
    subject,
  });
  idp.accountClaims.set(subject, {
    nhsid_nrbac_roles: profiles,
    ...(selected ? { selected_roleid: selected } : {}),
  });
  return user;
}

const lastSignIn = async (t: TestApp): Promise<Record<string, unknown>> => {
  const rows = await t.database.db
    .selectFrom('audit_events')
    .select(['detail', 'outcome', 'subject_id'])
    .where('action', '=', 'sign-in')
    .execute();
  const last = rows.at(-1)!;
  return { ...last.detail, outcome: last.outcome, user: last.subject_id };
};

test('Cicero authenticates to the provider with its private key (private_key_jwt)', () =>
  withApp(async (t) => {
    const user = await clinician(t, 'cis2-clinician-1', '555000000001');
    idp.clientAuth.length = 0;
    const signedIn = await ssoSignIn(t, 'cis2', 'cis2-clinician-1');
    assert.equal(signedIn.callback.headers.location, '/home');
    assert.deepEqual(idp.clientAuth, [{ clientId: 'cicero-cis2', method: 'private_key_jwt' }]);
    assert.deepEqual(
      [(await lastSignIn(t)).event, (await lastSignIn(t)).user],
      ['sso-signed-in', user.id],
    );
  }));

test('a key the provider does not hold is refused by it: the sign-in fails safely', () =>
  withApp(async (t) => {
    const attempt = await ssoSignIn(t, 'wrongkey', 'cis2-clinician-2');
    assert.equal(attempt.callback.statusCode, 400);
    assert.match(attempt.callback.body, /Your sign-in could not be completed/);
    assert.equal(attempt.cookie, '', 'not signed in');
    const last = await lastSignIn(t);
    assert.deepEqual([last.event, last.outcome], ['sso-failed', 'failure']);
    assert.ok(!idp.clientAuth.some((a) => a.clientId === 'cicero-wrongkey'), 'no token issued');
  }));

test('the selected CIS2 role must map to a role the account holds', () =>
  withApp(async (t) => {
    const cases: [string, string | undefined, string][] = [
      ['cis2-no-selection', undefined, 'no-selected-role'],
      ['cis2-unmapped', '555000000003', 'role-not-mapped'],
      ['cis2-hub-lead-role', '555000000002', 'role-not-held'],
    ];
    for (const [subject, selected, code] of cases) {
      const user = await clinician(t, subject, selected);
      const attempt = await ssoSignIn(t, 'cis2', subject);
      assert.equal(attempt.callback.statusCode, 403, subject);
      assert.match(attempt.callback.body, /Your selected role cannot be used in Cicero/);
      assert.equal(attempt.cookie, '', 'not signed in');
      const last = await lastSignIn(t);
      assert.deepEqual(
        [last.event, last.outcome, last.code, last.user],
        ['sso-role-refused', 'denied', code, user.id],
      );
    }
  }));

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '../../domain/roles.ts';
import { testApp } from '../../../test/support/app.ts';
import { signIn } from '../../../test/support/auth.ts';

const ID = '00000000-0000-4000-8000-000000000000';

test('every admin route refuses every role but admin (403, audited) and asks others to sign in', async () => {
  const t = await testApp();
  try {
    const declared: [string, string][] = [
      ['GET', '/admin/users'],
      ['POST', '/admin/users/search'],
      ['GET', '/admin/users/new'],
      ['POST', '/admin/users'],
      ['GET', `/admin/users/${ID}`],
      ['GET', `/admin/users/${ID}/edit`],
      ['POST', `/admin/users/${ID}`],
      ['POST', `/admin/users/${ID}/disable`],
      ['POST', `/admin/users/${ID}/enable`],
      ['POST', `/admin/users/${ID}/unlock`],
      ['POST', `/admin/users/${ID}/reset-mfa`],
      ['GET', '/admin/hubs'],
      ['GET', '/admin/hubs/new'],
      ['POST', '/admin/hubs'],
      ['GET', `/admin/hubs/${ID}/edit`],
      ['POST', `/admin/hubs/${ID}`],
    ];
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const who = await signIn(t, {
        // A senior clinician is also a clinician of the hub.
        roles: role === 'senior_clinician' ? ['clinician', role] : [role],
        hubCodes: ['WM'],
      });
      for (const [method, url] of declared) {
        const response = await t.app.inject({
          method: method as 'GET' | 'POST',
          url,
          headers: { cookie: who.cookie },
          ...(method === 'POST' ? { payload: { _csrf: who.csrfToken, name: 'x' } } : {}),
        });
        assert.equal(response.statusCode, 403, `${role} ${method} ${url}`);
      }
    }
    const denials = await t.database.db
      .selectFrom('audit_events')
      .select('subject_id')
      .where('action', '=', 'denial')
      .execute();
    assert.equal(denials.length, (ROLES.length - 1) * declared.length);
    for (const [method, url] of declared.filter(([m]) => m === 'GET')) {
      const anonymous = await t.app.inject({ method: method as 'GET', url });
      assert.equal(anonymous.statusCode, 302, url);
      assert.equal(anonymous.headers.location, '/sign-in');
    }
  } finally {
    await t.close();
  }
});

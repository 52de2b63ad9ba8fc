import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { confirmCode, signIn, type SignedIn } from '../../../test/support/auth.ts';

test('a police account has a police force: chosen from the list, shown, audited as a code', async () => {
  const t = await testApp();
  try {
    const admin = await signIn(t, { roles: ['admin'] });
    const post = (who: SignedIn, url: string, payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: who.cookie },
        payload: { _csrf: who.csrfToken, ...payload },
      });
    const get = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { cookie: admin.cookie } });
    await confirmCode(t, admin);
    const form = await get('/admin/users/new');
    assert.match(form.body, /<select class="govuk-select" id="force" name="force"/);
    assert.match(form.body, /<option value="west_mercia">West Mercia Police<\/option>/);

    const officer = {
      name: 'Dee Ahmed',
      email: 'dee.ahmed@police.example',
      'hub-WM': ['case_officer'],
      password: 'amber kettle horizon',
    };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...officer, force: 'atlantis' }, /href="#force">Select a police force from the list/],
      [
        {
          ...officer,
          'hub-WM': ['clinician'],
          profession: 'mental_health_nurse',
          force: 'staffordshire',
        },
        /href="#force">Only a police account has a police force/,
      ],
    ];
    for (const [payload, message] of bad) {
      const response = await post(admin, '/admin/users', payload);
      assert.equal(response.statusCode, 400);
      assert.match(response.body, message);
    }
    const created = await post(admin, '/admin/users', { ...officer, force: 'staffordshire' });
    assert.equal(created.statusCode, 302);
    const user = await t.database.db
      .selectFrom('users')
      .select(['id', 'force_code'])
      .where('email', '=', officer.email)
      .executeTakeFirstOrThrow();
    assert.equal(user.force_code, 'staffordshire');
    assert.match((await get(`/admin/users/${user.id}`)).body, /Staffordshire Police/);
    const edit = await get(`/admin/users/${user.id}/edit`);
    assert.match(edit.body, /<option value="staffordshire" selected>/);

    const saved = await post(admin, `/admin/users/${user.id}`, {
      name: officer.name,
      'hub-WM': ['case_officer'],
      force: 'warwickshire',
      version: '1',
    });
    assert.equal(saved.statusCode, 302);
    const events = await t.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('subject_id', '=', user.id)
      .where('action', '=', 'admin')
      .execute();
    // The test clock stands still: in order of event name (created, then edited).
    const details = events
      .map((e) => e.detail)
      .sort((a, b) => String(a.event).localeCompare(String(b.event)));
    assert.equal(details[0]?.force, 'staffordshire');
    assert.deepEqual(details[1]?.changed, ['force']);
    assert.equal(details[1]?.force, 'warwickshire');
    assert.doesNotMatch(JSON.stringify(details), /Dee Ahmed|dee\.ahmed/);
  } finally {
    await t.close();
  }
});

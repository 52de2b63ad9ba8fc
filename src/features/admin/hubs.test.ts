import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';

const post = (t: TestApp, who: SignedIn, url: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie },
    payload: { _csrf: who.csrfToken, ...payload },
  });
const get = (t: TestApp, who: SignedIn, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

const hubEvents = (t: TestApp) =>
  t.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('subject_type', '=', 'hub')
    .orderBy('occurred_at')
    .execute();

test('hubs: list, add, edit, with audit rows, GOV.UK errors and version conflicts', async () => {
  const t = await testApp();
  try {
    const admin = await signIn(t, { roles: ['admin'] });
    const list = await get(t, admin, '/admin/hubs');
    assert.equal(list.statusCode, 200);
    for (const name of ['West Midlands', 'North West', 'London'])
      assert.match(list.body, new RegExp(name));
    assert.equal((await get(t, admin, '/admin/hubs/new')).statusCode, 200);

    const hubCount = async () =>
      (await t.database.db.selectFrom('hubs').select('id').execute()).length;
    const bad: [Record<string, unknown>, RegExp][] = [
      [
        { code: '', name: 'South East', region: 'CT Policing South East', status: 'pilot' },
        /href="#code">Enter a hub code/,
      ],
      [
        { code: 'S3', name: 'South East', region: 'CT Policing South East', status: 'pilot' },
        /href="#code">Hub code must be 2 to 4 letters/,
      ],
      [
        { code: 'wm', name: 'South East', region: 'CT Policing South East', status: 'pilot' },
        /href="#code">A hub with this code already exists/,
      ],
      [
        { code: 'SE', name: '', region: 'CT Policing South East', status: 'pilot' },
        /href="#name">Enter the hub name/,
      ],
      [
        { code: 'SE', name: 'South East', region: '', status: 'pilot' },
        /href="#region">Enter the region/,
      ],
      [
        { code: 'SE', name: 'South East', region: 'CT Policing South East' },
        /href="#status">Select the status of the hub/,
      ],
    ];
    for (const [payload, message] of bad) {
      const response = await post(t, admin, '/admin/hubs', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, message);
      assert.match(
        response.body,
        /value="CT Policing South East"|name="region" type="text" value=""/,
      );
    }
    assert.equal(await hubCount(), 3, 'nothing written');
    assert.equal((await hubEvents(t)).length, 0);

    const created = await post(t, admin, '/admin/hubs', {
      code: 'se',
      name: 'South East',
      region: 'CT Policing South East',
      status: 'pilot',
    });
    assert.equal(created.statusCode, 302);
    assert.equal(created.headers.location, '/admin/hubs?done=created');
    const hub = await t.database.db
      .selectFrom('hubs')
      .selectAll()
      .where('code', '=', 'SE')
      .executeTakeFirstOrThrow();
    assert.match((await get(t, admin, created.headers.location)).body, /Hub added/);

    const form = await get(t, admin, `/admin/hubs/${hub.id}/edit`);
    assert.match(form.body, /name="version" value="1"/);
    assert.match(form.body, /value="pilot" checked/);
    const saved = await post(t, admin, `/admin/hubs/${hub.id}`, {
      code: 'SE',
      name: 'South East',
      region: 'CT Policing South East',
      status: 'live',
      version: '1',
    });
    assert.equal(saved.statusCode, 302);
    const stale = await post(t, admin, `/admin/hubs/${hub.id}`, {
      code: 'SEA',
      name: 'South East',
      region: 'CT Policing South East',
      status: 'pilot',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This hub was changed since you opened it/);
    assert.match(stale.body, /SEA/);
    assert.match(stale.body, /Live/);
    const taken = await post(t, admin, `/admin/hubs/${hub.id}`, {
      code: 'NW',
      name: 'South East',
      region: 'CT Policing South East',
      status: 'live',
      version: '2',
    });
    assert.equal(taken.statusCode, 400);
    assert.match(taken.body, /A hub with this code already exists/);
    const after = await t.database.db
      .selectFrom('hubs')
      .select(['code', 'status', 'version'])
      .where('id', '=', hub.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(after, { code: 'SE', status: 'live', version: 2 });

    const events = (await hubEvents(t)).map((e) => e.detail);
    assert.deepEqual(events, [
      { event: 'hub-created', code: 'SE', status: 'pilot' },
      { event: 'hub-edited', changed: ['status'], code: 'SE', previousCode: 'SE', status: 'live' },
    ]);
    assert.equal((await get(t, admin, '/admin/hubs/not-a-uuid/edit')).statusCode, 404);
  } finally {
    await t.close();
  }
});

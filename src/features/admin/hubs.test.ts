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
    const se = { name: 'South East', regions: 'south_east', forces: ['kent', 'sussex'] };
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...se, code: '', status: 'pilot' }, /href="#code">Enter a hub code/],
      [{ ...se, code: 'S3', status: 'pilot' }, /href="#code">Hub code must be 2 to 4 letters/],
      [{ ...se, code: 'wm', status: 'pilot' }, /href="#code">A hub with this code already exists/],
      [{ ...se, code: 'SE', name: '', status: 'pilot' }, /href="#name">Enter the hub name/],
      [
        { ...se, code: 'SE', regions: undefined, status: 'pilot' },
        /href="#regions">Select the CT Policing regions the hub serves/,
      ],
      [
        { ...se, code: 'SE', forces: undefined, status: 'pilot' },
        /href="#forces">Select the police forces the hub serves/,
      ],
      [
        { ...se, code: 'SE', forces: ['kent', 'not-a-force'], status: 'pilot' },
        /href="#forces">Select police forces from the list/,
      ],
      [
        { ...se, code: 'SE', forces: ['kent', 'dorset'], status: 'pilot' },
        /href="#forces">Dorset Police is in Counter Terrorism Policing South West/,
      ],
      [
        {
          ...se,
          code: 'SE',
          regions: ['south_east', 'west_midlands'],
          forces: ['kent', 'west_mercia'],
          status: 'pilot',
        },
        /href="#forces">West Mercia Police is already served by the WM hub/,
      ],
      [{ ...se, code: 'SE', status: 'retired' }, /href="#status">Select the status of the hub/],
      [{ ...se, code: 'SE' }, /href="#status">Select the status of the hub/],
    ];
    for (const [payload, message] of bad) {
      const response = await post(t, admin, '/admin/hubs', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, message);
      // The ticks sent are ticked again.
      if (payload.regions === 'south_east')
        assert.match(response.body, /name="regions" type="checkbox" value="south_east" checked/);
    }
    assert.equal(await hubCount(), 3, 'nothing written');
    assert.equal((await hubEvents(t)).length, 0);

    const created = await post(t, admin, '/admin/hubs', { ...se, code: 'se', status: 'pilot' });
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
    assert.match(form.body, /value="kent" checked/);
    assert.doesNotMatch(form.body, /value="surrey" checked/);
    const saved = await post(t, admin, `/admin/hubs/${hub.id}`, {
      ...se,
      code: 'SE',
      status: 'live',
      version: '1',
    });
    assert.equal(saved.statusCode, 302);
    const stale = await post(t, admin, `/admin/hubs/${hub.id}`, {
      ...se,
      code: 'SEA',
      status: 'pilot',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This hub was changed since you opened it/);
    assert.match(stale.body, /SEA/);
    assert.match(stale.body, /Live/);
    const taken = await post(t, admin, `/admin/hubs/${hub.id}`, {
      ...se,
      code: 'NW',
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
    const served = { regions: ['south_east'], forces: ['kent', 'sussex'] };
    assert.deepEqual(events, [
      { event: 'hub-created', code: 'SE', status: 'pilot', ...served },
      {
        event: 'hub-edited',
        changed: ['status'],
        code: 'SE',
        previousCode: 'SE',
        status: 'live',
        ...served,
      },
    ]);
    assert.equal((await get(t, admin, '/admin/hubs/not-a-uuid/edit')).statusCode, 404);
  } finally {
    await t.close();
  }
});

test('retiring a hub: confirmed, audited, its forces freed, its code and cases kept', async () => {
  const t = await testApp();
  try {
    const admin = await signIn(t, { roles: ['admin'] });
    const wm = await t.database.db
      .selectFrom('hubs')
      .selectAll()
      .where('code', '=', 'WM')
      .executeTakeFirstOrThrow();
    const page = await get(t, admin, `/admin/hubs/${wm.id}/retire`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /West Mercia Police/);

    const unconfirmed = await post(t, admin, `/admin/hubs/${wm.id}/retire`, { version: '1' });
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, /href="#confirm">Confirm that the hub takes no new requests/);
    const stale = await post(t, admin, `/admin/hubs/${wm.id}/retire`, {
      version: '7',
      confirm: 'yes',
    });
    assert.equal(stale.statusCode, 409);
    assert.equal((await hubEvents(t)).length, 0, 'nothing retired yet');

    // While WM is active, another hub cannot take its forces.
    const mid = {
      code: 'MID',
      name: 'Midlands',
      regions: 'west_midlands',
      forces: ['west_midlands'],
      status: 'live',
    };
    assert.equal((await post(t, admin, '/admin/hubs', mid)).statusCode, 400);

    const retired = await post(t, admin, `/admin/hubs/${wm.id}/retire`, {
      version: '1',
      confirm: 'yes',
    });
    assert.equal(retired.statusCode, 302);
    assert.equal(retired.headers.location, '/admin/hubs?done=retired');
    const after = await t.database.db
      .selectFrom('hubs')
      .select(['code', 'status', 'retired_at'])
      .where('id', '=', wm.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.code, 'WM');
    assert.equal(after.status, 'retired');
    assert.ok(after.retired_at);
    const list = await get(t, admin, '/admin/hubs?done=retired');
    assert.match(list.body, /Hub retired/);
    assert.doesNotMatch(list.body, new RegExp(`/admin/hubs/${wm.id}/edit`));

    // Its forces are free; its code is not.
    assert.equal((await post(t, admin, '/admin/hubs', mid)).statusCode, 302);
    const reuse = await post(t, admin, '/admin/hubs', {
      ...mid,
      code: 'WM',
      forces: ['warwickshire'],
    });
    assert.equal(reuse.statusCode, 400);
    assert.match(reuse.body, /A hub with this code already exists/);

    // Nothing more to do to a retired hub.
    assert.equal((await get(t, admin, `/admin/hubs/${wm.id}/edit`)).statusCode, 404);
    assert.equal((await get(t, admin, `/admin/hubs/${wm.id}/retire`)).statusCode, 404);
    const edit = await post(t, admin, `/admin/hubs/${wm.id}`, { ...mid, code: 'WM', version: '2' });
    assert.equal(edit.statusCode, 400);
    assert.match(edit.body, /This hub is retired/);

    const events = (await hubEvents(t)).map((e) => e.detail as { event: string });
    // The test clock stands still: both rows carry the same time.
    assert.deepEqual(events.map((e) => e.event).sort(), ['hub-created', 'hub-retired']);
  } finally {
    await t.close();
  }
});

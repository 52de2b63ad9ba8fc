import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { replaceAssignments } from '../../access/assignments.ts';
import { assignmentsOf } from '../../domain/role-assignments.ts';
import {
  confirmCode,
  createUser,
  freshCode,
  signIn,
  signInAs,
  type SignedIn,
} from '../../../test/support/auth.ts';

const post = (t: TestApp, who: SignedIn, url: string, payload: Record<string, unknown>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie },
    payload: { _csrf: who.csrfToken, ...payload },
  });
const get = (t: TestApp, who: { cookie: string }, url: string) =>
  t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });

const adminEvents = (t: TestApp) =>
  t.database.db
    .selectFrom('audit_events')
    .selectAll()
    .where('action', '=', 'admin')
    .orderBy('occurred_at')
    .execute();

const userCount = async (t: TestApp) =>
  (await t.database.db.selectFrom('users').select('id').execute()).length;

// Roles are held in hubs: `hub-WM` holds the roles in WM, `roles` the national roles.
const validNewUser = {
  name: 'Grace Oduya',
  email: 'grace.oduya@nhs.example',
  'hub-WM': ['clinician'],
  'hub-NW': ['clinician'],
  profession: 'clinical_psychologist',
  password: 'amber kettle horizon',
};

async function withAdmin(work: (t: TestApp, admin: SignedIn) => Promise<void>) {
  const t = await testApp();
  try {
    await work(t, await signIn(t, { roles: ['admin'], name: 'Alex Admin' }));
  } finally {
    await t.close();
  }
}

test('creating a user needs a fresh code, then writes the user and an audit row of codes', () =>
  withAdmin(async (t, admin) => {
    const first = await get(t, admin, '/admin/users/new');
    assert.equal(first.statusCode, 302);
    assert.equal(first.headers.location, '/confirm-code');
    assert.equal(await confirmCode(t, admin), '/admin/users/new');
    const form = await get(t, admin, '/admin/users/new');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Add a user/);

    const created = await post(t, admin, '/admin/users', validNewUser);
    assert.equal(created.statusCode, 302);
    const id = /^\/admin\/users\/([0-9a-f-]{36})\?done=created$/.exec(
      created.headers.location ?? '',
    )?.[1];
    assert.ok(id, `redirected to the new user: ${created.headers.location}`);

    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(user.name, 'Grace Oduya');
    assert.equal(user.profession, 'clinical_psychologist');
    assert.equal(user.totp_secret, null, 'enrols at first sign-in');
    assert.equal(user.terms_version, null);
    assert.ok(await verify(user.password_hash!, validNewUser.password));

    const page = await get(t, admin, created.headers.location!);
    assert.match(page.body, /User created/);
    assert.match(page.body, /Clinician/);
    assert.match(page.body, /NW, WM/);
    assert.match(page.body, /Clinical psychologist/);

    const [event] = await adminEvents(t);
    assert.equal(event?.subject_type, 'user');
    assert.equal(event?.subject_id, id);
    assert.equal(event?.actor_user_id, admin.userId);
    assert.equal(event?.actor_role, 'admin');
    assert.deepEqual(event?.detail, {
      event: 'user-created',
      via: 'web',
      roles: ['clinician'],
      hubs: ['NW', 'WM'],
      profession: 'clinical_psychologist',
    });
    assert.doesNotMatch(JSON.stringify(event), /Grace|Oduya|grace\.oduya/);
  }));

test('bad input for a new user: 400, a summary linking to each field, input kept, nothing written', () =>
  withAdmin(async (t, admin) => {
    await confirmCode(t, admin);
    await post(t, admin, '/admin/users', validNewUser);
    const before = await userCount(t);
    const auditBefore = (await adminEvents(t)).length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...validNewUser, email: 'new@nhs.example', name: '' }, /href="#name">Enter the full name/],
      [
        { ...validNewUser, email: 'not an email' },
        /href="#email">Enter an email address in the correct format/,
      ],
      [
        { ...validNewUser, email: 'x@demo.cicero.example' },
        /href="#email">Email addresses at demo\.cicero\.example/,
      ],
      [
        { ...validNewUser, email: 'GRACE.ODUYA@nhs.example' },
        /href="#email">A user with this email address already exists/,
      ],
      [
        { ...validNewUser, email: 'new@nhs.example', 'hub-WM': undefined, 'hub-NW': undefined },
        /href="#roles">Select at least one role/,
      ],
      [
        { ...validNewUser, email: 'new@nhs.example', roles: ['superuser'] },
        /href="#roles">Select roles from the list/,
      ],
      [
        {
          ...validNewUser,
          email: 'new@nhs.example',
          'hub-WM': ['senior_clinician', 'hub_lead'],
          'hub-NW': ['senior_clinician', 'hub_lead'],
        },
        /href="#roles">Select Clinician as well: a senior clinician also holds the clinician role/,
      ],
      [
        // A hub role given with no hub.
        {
          ...validNewUser,
          email: 'new@nhs.example',
          'hub-WM': undefined,
          'hub-NW': undefined,
          roles: ['clinician'],
        },
        /href="#hubs">Select at least one hub/,
      ],
      [
        { ...validNewUser, email: 'new@nhs.example', 'hub-ZZZ': ['clinician'] },
        /href="#hubs">Select hubs from the list/,
      ],
      [
        { ...validNewUser, email: 'new@nhs.example', profession: '' },
        /href="#profession">Select the profession/,
      ],
      [
        { ...validNewUser, email: 'new@nhs.example', password: 'short' },
        /href="#password">Password must be 12 characters or more/,
      ],
      [
        { ...validNewUser, email: 'new@nhs.example', password: 'password1234' },
        /href="#password">Password is too common/,
      ],
    ];
    for (const [payload, message] of cases) {
      const response = await post(t, admin, '/admin/users', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, /<title>Error: Add a user/);
      assert.match(response.body, message);
      if (payload.name) assert.match(response.body, /value="Grace Oduya"/, 'input kept');
      assert.doesNotMatch(response.body, /amber kettle horizon/, 'a password is never shown again');
    }
    assert.equal(await userCount(t), before, 'nothing written');
    assert.equal((await adminEvents(t)).length, auditBefore);
  }));

test('an analyst needs no hub and no profession; a profession given to a non-clinician is dropped', () =>
  withAdmin(async (t, admin) => {
    await confirmCode(t, admin);
    const response = await post(t, admin, '/admin/users', {
      ...validNewUser,
      roles: 'analyst',
      'hub-WM': undefined,
      'hub-NW': undefined,
      profession: 'psychiatrist',
    });
    assert.equal(response.statusCode, 302);
    const user = await t.database.db
      .selectFrom('users')
      .select('profession')
      .where('email', '=', validNewUser.email)
      .executeTakeFirstOrThrow();
    assert.equal(user.profession, null);
  }));

test('a senior clinician is added with the clinician role, a hub and a profession', () =>
  withAdmin(async (t, admin) => {
    await confirmCode(t, admin);
    const form = await get(t, admin, '/admin/users/new');
    assert.match(form.body, /value="senior_clinician"/);
    assert.match(form.body, /may also sign off formulations in their hub/);
    for (const [payload, message] of [
      [
        { 'hub-WM': undefined, 'hub-NW': undefined, roles: ['clinician', 'senior_clinician'] },
        /href="#hubs">Select at least one hub/,
      ],
      [{ profession: '' }, /href="#profession">Select the profession/],
    ] as const) {
      const senior = {
        ...validNewUser,
        'hub-WM': ['clinician', 'senior_clinician'],
        'hub-NW': ['clinician', 'senior_clinician'],
      };
      const refused = await post(t, admin, '/admin/users', { ...senior, ...payload });
      assert.equal(refused.statusCode, 400);
      assert.match(refused.body, message);
    }
    const created = await post(t, admin, '/admin/users', {
      ...validNewUser,
      'hub-WM': ['senior_clinician', 'clinician'],
      'hub-NW': undefined,
    });
    assert.equal(created.statusCode, 302);
    const roles = await t.database.db
      .selectFrom('role_assignments')
      .innerJoin('users', 'users.id', 'role_assignments.user_id')
      .select('role')
      .where('users.email', '=', validNewUser.email)
      .orderBy('role')
      .execute();
    assert.deepEqual(
      roles.map((r) => r.role),
      ['clinician', 'senior_clinician'],
    );
    const page = await get(t, admin, created.headers.location!);
    assert.match(page.body, /Clinician, Senior clinician/);
  }));

async function editable(t: TestApp) {
  const user = await createUser(t.database.db, {
    roles: ['case_officer'],
    hubCodes: ['WM'],
    name: 'Owen Pryce',
  });
  return user;
}

test('editing a name needs no step-up; the version moves on and the audit names fields only', () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    const form = await get(t, admin, `/admin/users/${user.id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="version" value="1"/);
    assert.match(form.body, /value="Owen Pryce"/);
    const saved = await post(t, admin, `/admin/users/${user.id}`, {
      name: 'Owen Price',
      'hub-WM': 'case_officer',
      version: '1',
    });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, `/admin/users/${user.id}?done=saved`);
    const row = await t.database.db
      .selectFrom('users')
      .select(['name', 'version'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Owen Price', version: 2 });
    const [event] = await adminEvents(t);
    assert.equal(event?.detail.event, 'user-edited');
    assert.deepEqual(event?.detail.changed, ['name']);
    assert.doesNotMatch(JSON.stringify(event?.detail), /Owen|Pryce|Price/);
  }));

test('a role change without a fresh code asks for one and changes nothing; the code saves it', () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    const change = {
      name: 'Owen Pryce',
      'hub-WM': ['case_officer', 'police_lead'],
      version: '1',
    };
    const refused = await post(t, admin, `/admin/users/${user.id}`, change);
    assert.equal(refused.statusCode, 200);
    assert.match(refused.body, /Confirm it is you/);
    // The code page carries every answer, both roles of the hub included.
    assert.match(refused.body, /name="hub-WM" value="case_officer"/);
    assert.match(refused.body, /name="hub-WM" value="police_lead"/);
    const roles = await t.database.db
      .selectFrom('role_assignments')
      .select('role')
      .where('user_id', '=', user.id)
      .execute();
    assert.deepEqual(
      roles.map((r) => r.role),
      ['case_officer'],
    );
    assert.equal((await adminEvents(t)).length, 0);

    const saved = await post(t, admin, `/admin/users/${user.id}`, {
      ...change,
      stepUpCode: freshCode(t, admin),
    });
    assert.equal(saved.statusCode, 302);
    assert.equal(saved.headers.location, `/admin/users/${user.id}?done=saved`);
    const [event] = await adminEvents(t);
    assert.deepEqual(event?.detail.rolesAdded, ['police_lead']);
    assert.deepEqual(event?.detail.changed, ['roles']);

    // The user's next request already carries the new role.
    const signedIn = await signInAs(t, user);
    const home = await get(t, signedIn, '/home');
    assert.match(home.body, /Case officer, Police lead/);
  }));

test('saving against an old version shows both versions (409) and loses nothing', () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    const first = await post(t, admin, `/admin/users/${user.id}`, {
      name: 'Owen Pryce-Jones',
      'hub-WM': 'case_officer',
      version: '1',
    });
    assert.equal(first.statusCode, 302);
    const stale = await post(t, admin, `/admin/users/${user.id}`, {
      name: 'Owen P',
      'hub-WM': 'case_officer',
      'hub-LDN': 'case_officer',
      version: '1',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /This user was changed since you opened it/);
    assert.match(stale.body, /Owen P</);
    assert.match(stale.body, /Owen Pryce-Jones/);
    assert.match(stale.body, /LDN, WM/);
    assert.match(stale.body, new RegExp(`href="/admin/users/${user.id}/edit"`));
    const row = await t.database.db
      .selectFrom('users')
      .select(['name', 'version'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: 'Owen Pryce-Jones', version: 2 });
    assert.equal((await adminEvents(t)).length, 1);
  }));

test('bad input on the edit form: 400 with a summary and the input kept', () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    const response = await post(t, admin, `/admin/users/${user.id}`, {
      name: 'Owen Pryce',
      'hub-WM': 'clinician',
      version: '1',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#profession">Select the profession/);
    assert.match(response.body, /value="clinician" checked/);
    assert.match(response.body, /name="version" value="1"/);
    assert.equal((await adminEvents(t)).length, 0);
  }));

test("disabling ends the user's sessions on their next request; enabling lets them sign in again", () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    const session = await signInAs(t, user);
    assert.equal((await get(t, session, '/home')).statusCode, 200);

    const disabled = await post(t, admin, `/admin/users/${user.id}/disable`, {});
    assert.equal(disabled.statusCode, 302);
    assert.equal(disabled.headers.location, `/admin/users/${user.id}?done=disabled`);
    const next = await get(t, session, '/home');
    assert.equal(next.statusCode, 302);
    assert.equal(next.headers.location, '/sign-in');
    const open = await t.database.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .where('ended_at', 'is', null)
      .execute();
    assert.equal(open.length, 0);
    await assert.rejects(signInAs(t, user), /password accepted/);

    const page = await get(t, admin, disabled.headers.location);
    assert.match(page.body, /User disabled/);
    assert.match(page.body, /Enable account/);
    const enabled = await post(t, admin, `/admin/users/${user.id}/enable`, {});
    assert.equal(enabled.statusCode, 302);
    t.clock.advance(30_000);
    await signInAs(t, user);
    const events = (await adminEvents(t)).map((e) => e.detail.event);
    assert.deepEqual(events, ['user-disabled', 'user-enabled']);
  }));

test('an admin cannot disable themselves, reset their own codes or drop their own admin role', () =>
  withAdmin(async (t, admin) => {
    const disable = await post(t, admin, `/admin/users/${admin.userId}/disable`, {});
    assert.equal(disable.statusCode, 400);
    assert.match(disable.body, /href="#actions">You cannot disable your own account/);
    const reset = await post(t, admin, `/admin/users/${admin.userId}/reset-mfa`, {});
    assert.equal(reset.statusCode, 400);
    await confirmCode(t, admin);
    const demote = await post(t, admin, `/admin/users/${admin.userId}`, {
      name: 'Alex Admin',
      roles: 'analyst',
      version: '1',
    });
    assert.equal(demote.statusCode, 400);
    assert.match(demote.body, /You cannot remove your own administrator role/);
    assert.equal((await adminEvents(t)).length, 0);
  }));

test('unlocking a locked account clears its failures', () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    await t.database.db
      .updateTable('users')
      .set({ failed_sign_ins: 10, locked_until: new Date(t.clock.now().getTime() + 600_000) })
      .where('id', '=', user.id)
      .execute();
    const page = await get(t, admin, `/admin/users/${user.id}`);
    assert.match(page.body, /Locked/);
    assert.match(page.body, /Unlock account/);
    const unlocked = await post(t, admin, `/admin/users/${user.id}/unlock`, {});
    assert.equal(unlocked.statusCode, 302);
    const row = await t.database.db
      .selectFrom('users')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { failed_sign_ins: 0, locked_until: null });
    await signInAs(t, user);
    assert.deepEqual(
      (await adminEvents(t)).map((e) => e.detail.event),
      ['user-unlocked'],
    );
  }));

test('resetting the authenticator app ends sessions and sends the user to enrol again', () =>
  withAdmin(async (t, admin) => {
    const user = await editable(t);
    const session = await signInAs(t, user);
    const reset = await post(t, admin, `/admin/users/${user.id}/reset-mfa`, {});
    assert.equal(reset.statusCode, 302);
    assert.equal((await get(t, session, '/home')).statusCode, 302);
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const cookie = /cicero_session=[^;]+/.exec(String(page.headers['set-cookie']))![0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const password = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { cookie },
      payload: { _csrf: csrf, email: user.email, password: user.password },
    });
    assert.equal(password.headers.location, '/sign-in/enrol');
    assert.deepEqual(
      (await adminEvents(t)).map((e) => e.detail.event),
      ['mfa-reset'],
    );
  }));

test('lists, searches (posted, not in the URL), filters and pages users', () =>
  withAdmin(async (t, admin) => {
    const db = t.database.db;
    const many = Array.from({ length: 30 }, (_, i) => ({
      email: `bulk${String(i).padStart(2, '0')}@police.example`,
      name: `Bulk Officer ${String(i).padStart(2, '0')}`,
    }));
    const inserted = await db.insertInto('users').values(many).returning('id').execute();
    const wm = await db
      .selectFrom('hubs')
      .select('id')
      .where('code', '=', 'WM')
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      for (const u of inserted)
        await replaceAssignments(trx, u.id, assignmentsOf(['case_officer'], [wm.id]));
    });
    await createUser(db, { roles: ['clinician'], hubCodes: ['LDN'], name: 'Zara Whitlock' });
    const disabled = await createUser(db, { roles: ['analyst'], name: 'Dean Mortimer' });
    await db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('id', '=', disabled.id)
      .execute();

    const list = await get(t, admin, '/admin/users');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Showing 1 to 25 of 33 users/);
    assert.match(list.body, /Next page/);
    assert.doesNotMatch(list.body, /Previous page/);

    const page2 = await post(t, admin, '/admin/users/search', { page: '2' });
    assert.match(page2.body, /Showing 26 to 33 of 33 users/);
    assert.match(page2.body, /Previous page/);

    const byName = await post(t, admin, '/admin/users/search', { q: 'whitl' });
    assert.match(byName.body, /Showing 1 to 1 of 1 user</);
    assert.match(byName.body, /Zara Whitlock/);
    assert.match(byName.body, /value="whitl"/, 'search kept');

    const byEmail = await post(t, admin, '/admin/users/search', { q: 'BULK07@' });
    assert.match(byEmail.body, /Bulk Officer 07/);
    const literal = await post(t, admin, '/admin/users/search', { q: '%' });
    assert.match(literal.body, /No users match/);

    const byRole = await post(t, admin, '/admin/users/search', { role: 'clinician' });
    assert.match(byRole.body, /of 1 user</);
    const byHub = await post(t, admin, '/admin/users/search', { hub: 'LDN' });
    assert.match(byHub.body, /Zara Whitlock/);
    assert.match(byHub.body, /of 1 user</);
    const byStatus = await post(t, admin, '/admin/users/search', { status: 'disabled' });
    assert.match(byStatus.body, /Dean Mortimer/);
    assert.match(byStatus.body, /of 1 user</);

    const bad = await post(t, admin, '/admin/users/search', { role: 'emperor' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#role">Select a role from the list/);
  }));

test('unknown and malformed user ids are 404, never a 500', () =>
  withAdmin(async (t, admin) => {
    for (const url of [
      '/admin/users/not-a-uuid',
      '/admin/users/00000000-0000-4000-8000-000000000000/edit',
    ]) {
      assert.equal((await get(t, admin, url)).statusCode, 404, url);
    }
    const response = await post(
      t,
      admin,
      '/admin/users/00000000-0000-4000-8000-000000000000/disable',
      {},
    );
    assert.equal(response.statusCode, 404);
  }));

test('the home page offers admins the admin pages, and nobody else', async () => {
  const t = await testApp();
  try {
    const admin = await signIn(t, { roles: ['admin'] });
    const home = await get(t, admin, '/home');
    assert.match(home.body, /href="\/admin\/users">Manage users/);
    assert.match(home.body, /href="\/admin\/hubs">Manage hubs/);
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    assert.doesNotMatch((await get(t, clinician, '/home')).body, /Manage users/);
  } finally {
    await t.close();
  }
});

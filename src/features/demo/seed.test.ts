import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { testDatabase } from '../../../test/support/database.ts';
import { testClock } from '../../../test/support/clock.ts';
import { ROLES } from '../../domain/roles.ts';
import { needsHub, needsProfession, withoutBaseRole } from '../../domain/user-accounts.ts';
import { TERMS_VERSION } from '../auth/service.ts';
import { totpCode, totpStep } from '../auth/totp.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoTotpSecret, isDemoEmail } from './accounts.ts';
import { seedDemoCommand, totpCommand } from './commands.ts';
import { hasNoUsers, seedDemo } from './seed.ts';

test('the demo accounts: each hub role once per pilot hub, each national role once', () => {
  const per = (role: string) => DEMO_ACCOUNTS.filter((a) => a.roles.includes(role as never));
  for (const role of ['case_officer', 'senior_clinician', 'hub_lead', 'police_lead']) {
    assert.deepEqual(
      per(role)
        .map((a) => a.hubCode)
        .sort(),
      ['LDN', 'NW', 'WM'],
      role,
    );
  }
  // The senior clinicians are clinicians too: two clinicians in each pilot hub.
  assert.deepEqual(
    per('clinician')
      .map((a) => a.hubCode)
      .sort(),
    ['LDN', 'LDN', 'NW', 'NW', 'WM', 'WM'],
  );
  for (const a of per('senior_clinician')) {
    assert.deepEqual(a.roles, ['clinician', 'senior_clinician'], a.email);
    assert.deepEqual(withoutBaseRole(a.roles), [], a.email);
  }
  for (const role of ['analyst', 'ig_officer', 'admin']) {
    assert.equal(per(role).length, 1, role);
    assert.equal(per(role)[0]!.hubCode, null);
  }
  assert.deepEqual([...new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles))].sort(), [...ROLES].sort());
  assert.ok(DEMO_ACCOUNTS.some((a) => a.email === 'clinician.wm@demo.cicero.example'));
  for (const a of DEMO_ACCOUNTS) {
    assert.ok(isDemoEmail(a.email));
    assert.equal(a.profession !== null, needsProfession(a.roles), a.email);
    assert.equal(a.hubCode !== null, needsHub(a.roles), a.email);
  }
  assert.equal(new Set(DEMO_ACCOUNTS.map((a) => a.email)).size, DEMO_ACCOUNTS.length);
});

test('demo secrets come from the email alone: stable, distinct, and valid TOTP secrets', () => {
  const a = demoTotpSecret('clinician.wm@demo.cicero.example');
  assert.equal(a, demoTotpSecret(' Clinician.WM@demo.cicero.example '));
  assert.notEqual(a, demoTotpSecret('clinician.nw@demo.cicero.example'));
  assert.match(a, /^[A-Z2-7]{32}$/);
  const at = new Date('2026-06-01T09:00:00Z');
  assert.notEqual(totpStep(a, totpCode(a, at), at), null);
});

test('totp prints the code of a demo account and refuses any other address', () => {
  const clock = testClock();
  const ok = totpCommand(['admin@demo.cicero.example'], clock);
  assert.equal(ok.code, 0);
  assert.deepEqual(ok.out, [totpCode(demoTotpSecret('admin@demo.cicero.example'), clock.now())]);
  for (const email of [
    'admin@nhs.example',
    'admin@demo.cicero.example.evil.example',
    'demo.cicero.example',
  ]) {
    const refused = totpCommand([email], clock);
    assert.equal(refused.code, 1, email);
    assert.deepEqual(refused.out, []);
  }
  assert.equal(totpCommand([], clock).code, 2);
});

test('seed-demo creates enrolled demo users with accepted terms, audited, and a second run changes nothing', async () => {
  const database = await testDatabase();
  try {
    const { db } = database;
    const clock = testClock();
    assert.equal(await hasNoUsers(db), true);
    const first = await seedDemoCommand(db, clock);
    assert.equal(first.code, 0);
    assert.match(first.out.join('\n'), /Added 18 users, 300 cases/);
    assert.match(first.out.join('\n'), /totp clinician\.wm@demo\.cicero\.example/);
    assert.equal(await hasNoUsers(db), false);

    const users = await db.selectFrom('users').selectAll().orderBy('email').execute();
    assert.equal(users.length, DEMO_ACCOUNTS.length);
    for (const user of users) {
      assert.equal(user.totp_secret, demoTotpSecret(user.email));
      assert.notEqual(user.totp_enrolled_at, null);
      assert.equal(user.terms_version, TERMS_VERSION);
    }
    assert.ok(await verify(users[0]!.password_hash!, DEMO_PASSWORD));
    const wm = await db
      .selectFrom('users as u')
      .innerJoin('role_assignments as r', 'r.user_id', 'u.id')
      .innerJoin('hubs as h', 'h.id', 'r.hub_id')
      .select(['u.profession', 'h.code', 'r.role'])
      .where('u.email', '=', 'clinician.wm@demo.cicero.example')
      .executeTakeFirstOrThrow();
    assert.deepEqual(wm, { profession: 'mental_health_nurse', code: 'WM', role: 'clinician' });

    const snapshot = async () => ({
      users: await db.selectFrom('users').selectAll().orderBy('email').execute(),
      roles: await db
        .selectFrom('role_assignments')
        .selectAll()
        .orderBy('user_id')
        .orderBy('role')
        .orderBy('hub_id')
        .execute(),
      audit: (await db.selectFrom('audit_events').select('id').execute()).length,
      userAudit: (
        await db
          .selectFrom('audit_events')
          .select('id')
          .where('subject_type', '=', 'user')
          // One admin row per account created (the demo cases' step-ups are sign-in rows).
          .where('action', '=', 'admin')
          .execute()
      ).length,
      cases: (await db.selectFrom('cases').select('id').execute()).length,
    });
    const before = await snapshot();
    assert.equal(before.userAudit, DEMO_ACCOUNTS.length);
    assert.equal(before.cases, 300);
    clock.advance(60_000);
    const second = await seedDemoCommand(db, clock);
    assert.match(second.out.join('\n'), /nothing changed/);
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(await seedDemo(db, clock), {
      users: 0,
      cases: 0,
      'subject access requests': 0,
    });
  } finally {
    await database.close();
  }
});

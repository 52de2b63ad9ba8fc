import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { replaceAssignments } from '../../access/assignments.ts';
import { isNationalRole, ROLES, SIDE_OF, sideConflict, type Role } from '../../domain/roles.ts';
import { createUserCommand } from './commands.ts';

/**
 * One account holds roles of one side only (police, health, oversight, service desk): every
 * pair of roles on different sides is refused by the admin form, by `cicero create-user` and
 * by the database itself.
 */

const PAIRS: [Role, Role][] = ROLES.flatMap((a, i) =>
  ROLES.slice(i + 1)
    .filter((b) => SIDE_OF[a] !== SIDE_OF[b])
    .map((b): [Role, Role] => [a, b]),
);

/** A senior clinician is always also a clinician: the pair is given with it. */
const withBase = (roles: Role[]): Role[] =>
  roles.includes('senior_clinician') && !roles.includes('clinician')
    ? ['clinician', ...roles]
    : roles;

const conflictOf = (roles: Role[]) => {
  const message = sideConflict(withBase(roles));
  assert.ok(message, `a conflict for ${roles.join(' + ')}`);
  return message;
};

test('there are 23 pairs of roles on different sides', () => {
  assert.equal(PAIRS.length, 23);
});

test('the admin form refuses every mix of sides: 400, a summary naming the conflict, nothing written', async () => {
  // Loaded here: the other tests need no app.
  const { testApp } = await import('../../../test/support/app.ts');
  const { confirmCode, signIn } = await import('../../../test/support/auth.ts');
  const t = await testApp();
  try {
    const admin = await signIn(t, { roles: ['admin'], name: 'Alex Admin' });
    await confirmCode(t, admin);
    const users = async () =>
      (await t.database.db.selectFrom('users').select('id').execute()).length;
    const assignments = async () =>
      (await t.database.db.selectFrom('role_assignments').select('role').execute()).length;
    const before = { users: await users(), assignments: await assignments() };
    for (const pair of PAIRS) {
      const roles = withBase(pair);
      const response = await t.app.inject({
        method: 'POST',
        url: '/admin/users',
        headers: { cookie: admin.cookie },
        payload: {
          _csrf: admin.csrfToken,
          name: 'Mixed Sides',
          email: 'mixed@nhs.example',
          'hub-WM': roles.filter((r) => !isNationalRole(r)),
          roles: roles.filter(isNationalRole),
          profession: 'psychiatrist',
          password: 'amber kettle horizon',
        },
      });
      assert.equal(response.statusCode, 400, pair.join(' + '));
      assert.match(response.body, /There is a problem/);
      assert.ok(
        response.body.includes(`href="#roles">${conflictOf(pair)}`),
        `the summary names the conflict of ${pair.join(' + ')}`,
      );
    }
    assert.deepEqual(
      { users: await users(), assignments: await assignments() },
      before,
      'nothing written',
    );
  } finally {
    await t.close();
  }
});

test('create-user refuses every mix of sides: exit code 1, the conflict named, nothing written', async () => {
  const database = await testDatabase();
  try {
    const { db } = database;
    const clock = testClock();
    for (const pair of PAIRS) {
      const roles = withBase(pair);
      const result = await createUserCommand(db, clock, [
        '--email',
        'mixed@nhs.example',
        '--name',
        'Mixed Sides',
        ...roles.flatMap((r) => ['--role', isNationalRole(r) ? r : `${r}:WM`]),
        '--profession',
        'psychiatrist',
      ]);
      assert.equal(result.code, 1, pair.join(' + '));
      assert.ok(
        result.err.includes(`--role: ${conflictOf(pair)}`),
        `${pair.join(' + ')}: ${result.err.join('\n')}`,
      );
      assert.deepEqual(result.out, []);
    }
    // Roles without a hub take --hub: the same refusal.
    const plain = await createUserCommand(db, clock, [
      '--email',
      'mixed@nhs.example',
      '--name',
      'Mixed Sides',
      '--role',
      'case_officer',
      '--role',
      'clinician',
      '--hub',
      'WM',
      '--profession',
      'psychiatrist',
    ]);
    assert.equal(plain.code, 1);
    assert.match(plain.err.join('\n'), /--role: Case officer \(police\) and Clinician \(health\)/);
    assert.equal((await db.selectFrom('users').select('id').execute()).length, 0);
    assert.equal((await db.selectFrom('role_assignments').select('role').execute()).length, 0);
    assert.equal((await db.selectFrom('audit_events').select('id').execute()).length, 0);
  } finally {
    await database.close();
  }
});

test('the database refuses a role of another side than the user’s (a foreign-key violation)', async () => {
  const database = await testDatabase();
  try {
    const { db } = database;
    const wm = await db
      .selectFrom('hubs')
      .select('id')
      .where('code', '=', 'WM')
      .executeTakeFirstOrThrow();
    const hubOf = (role: Role) => (isNationalRole(role) ? null : wm.id);
    for (const [held, added] of PAIRS.flatMap(([a, b]): [Role, Role][] => [
      [a, b],
      [b, a],
    ])) {
      const user = await db
        .insertInto('users')
        .values({ email: `${held}-${added}@nhs.example`, name: 'One Side' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.transaction().execute((trx) =>
        replaceAssignments(
          trx,
          user.id,
          withBase([held]).map((role) => ({ role, hubId: hubOf(role) })),
        ),
      );
      await assert.rejects(
        db
          .insertInto('role_assignments')
          .values({ user_id: user.id, role: added, hub_id: hubOf(added), side: SIDE_OF[added] })
          .execute(),
        (error: { code?: string; message?: string }) => {
          assert.ok(
            error.code === '23503' || /foreign key/i.test(error.message ?? ''),
            `${held} + ${added}: ${error.code} ${error.message}`,
          );
          return true;
        },
        `${held} + ${added}`,
      );
      const held_ = await db
        .selectFrom('role_assignments')
        .select('role')
        .where('user_id', '=', user.id)
        .execute();
      assert.ok(
        held_.every((r) => SIDE_OF[r.role as Role] === SIDE_OF[held]),
        'nothing of the other side',
      );
    }
  } finally {
    await database.close();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verify } from '@node-rs/argon2';
import { testDatabase } from '../../../test/support/database.ts';
import { testClock } from '../../../test/support/clock.ts';
import { createUserCommand, parseOptions } from './commands.ts';

test('parseOptions reads single and repeated options and refuses unknown or valueless ones', () => {
  const spec = { single: ['email', 'name'], repeatable: ['role'] };
  assert.deepEqual(
    parseOptions(['--email', 'a@b.example', '--role', 'admin', '--role=analyst'], spec),
    {
      ok: true,
      single: { email: 'a@b.example' },
      repeated: { role: ['admin', 'analyst'] },
    },
  );
  assert.deepEqual(parseOptions(['--colour', 'red'], spec), {
    ok: false,
    error: 'Unknown option: --colour',
  });
  assert.deepEqual(parseOptions(['stray'], spec), { ok: false, error: 'Unknown option: stray' });
  assert.deepEqual(parseOptions(['--email'], spec), { ok: false, error: '--email needs a value' });
  assert.deepEqual(parseOptions(['--email', '--name', 'x'], spec), {
    ok: false,
    error: '--email needs a value',
  });
  assert.deepEqual(parseOptions(['--name', 'a', '--name', 'b'], spec), {
    ok: false,
    error: '--name is given twice',
  });
});

test('create-user makes the first admin with a generated password, audited, enrolling at first sign-in', async () => {
  const database = await testDatabase();
  try {
    const { db } = database;
    const clock = testClock();
    const result = await createUserCommand(db, clock, [
      '--email',
      'first.admin@nhs.example',
      '--name',
      'First Admin',
      '--role',
      'admin',
    ]);
    assert.equal(result.code, 0, result.err.join('\n'));
    const password = /Initial password .*: (\S+)$/m.exec(result.out.join('\n'))?.[1];
    assert.ok(password && password.length >= 24);
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'first.admin@nhs.example')
      .executeTakeFirstOrThrow();
    assert.ok(await verify(user.password_hash!, password));
    assert.equal(user.totp_secret, null);
    const roles = await db
      .selectFrom('role_assignments')
      .select('role')
      .where('user_id', '=', user.id)
      .execute();
    assert.deepEqual(roles, [{ role: 'admin' }]);
    const audit = await db.selectFrom('audit_events').selectAll().executeTakeFirstOrThrow();
    assert.equal(audit.action, 'admin');
    assert.equal(audit.actor_user_id, null);
    assert.deepEqual(audit.detail, {
      event: 'user-created',
      via: 'cli',
      roles: ['admin'],
      hubs: [],
      profession: null,
    });

    const again = await createUserCommand(db, clock, [
      '--email',
      'FIRST.ADMIN@nhs.example',
      '--name',
      'Twice',
      '--role',
      'admin',
    ]);
    assert.equal(again.code, 1);
    assert.match(again.err.join('\n'), /--email: A user with this email address already exists/);
  } finally {
    await database.close();
  }
});

test('create-user takes hubs, profession and a given password, and applies the same rules as the pages', async () => {
  const database = await testDatabase();
  try {
    const { db } = database;
    const clock = testClock();
    const ok = await createUserCommand(db, clock, [
      '--email',
      'nurse@nhs.example',
      '--name',
      'Nia Evans',
      '--role',
      'clinician',
      '--hub',
      'wm',
      '--hub',
      'NW',
      '--profession',
      'mental_health_nurse',
      '--password',
      'lantern orchard pebble',
    ]);
    assert.equal(ok.code, 0, ok.err.join('\n'));
    assert.doesNotMatch(ok.out.join('\n'), /lantern/, 'a given password is not echoed');
    assert.match(ok.out.join('\n'), /in NW, WM|in WM, NW/);

    const cases: [string[], RegExp][] = [
      [['--email', 'x@nhs.example', '--name', 'X'], /--role: Select at least one role/],
      [
        ['--email', 'x@nhs.example', '--name', 'X', '--role', 'king'],
        /--role: Select roles from the list/,
      ],
      [
        [
          '--email',
          'x@nhs.example',
          '--name',
          'X',
          '--role',
          'clinician',
          '--profession',
          'psychiatrist',
        ],
        /--hub: Select at least one hub/,
      ],
      [
        ['--email', 'x@nhs.example', '--name', 'X', '--role', 'analyst', '--password', 'short'],
        /--password: Password must be 12 characters/,
      ],
      [
        ['--email', 'x@demo.cicero.example', '--name', 'X', '--role', 'admin'],
        /--email: Email addresses at demo\.cicero\.example/,
      ],
      [
        ['--email', 'x@nhs.example', '--name', 'X', '--role', 'case_officer', '--hub', 'ZZ'],
        /--hubs: Select hubs from the list/,
      ],
      [
        [
          '--email',
          'x@nhs.example',
          '--name',
          'X',
          '--role',
          'senior_clinician',
          '--hub',
          'WM',
          '--profession',
          'psychiatrist',
        ],
        /--role: Select Clinician as well/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await createUserCommand(db, clock, args);
      assert.equal(result.code, 1, args.join(' '));
      assert.match(result.err.join('\n'), message);
    }
    const bad = await createUserCommand(db, clock, ['--mail', 'x']);
    assert.equal(bad.code, 2);
    const count = await db.selectFrom('users').select('id').execute();
    assert.equal(count.length, 1, 'only the valid user was written');
  } finally {
    await database.close();
  }
});

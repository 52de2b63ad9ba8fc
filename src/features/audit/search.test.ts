import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import type { Database } from '../../db/database.ts';
import { recordAudit, type AuditActor } from './record.ts';
import { AUDIT_PAGE_SIZE, searchAuditLog } from './search.ts';

const igOfficer: AuditActor = {
  userId: null,
  role: 'ig_officer',
  hubId: null,
  requestId: 'req-ig',
};

async function fixture(database: Database) {
  const clock = testClock(new Date('2026-06-01T08:00:00Z'));
  const hub = await database.db
    .selectFrom('hubs')
    .select('id')
    .where('code', '=', 'WM')
    .executeTakeFirstOrThrow();
  const ada = await database.db
    .insertInto('users')
    .values({
      email: 'ada@example.org',
      name: 'Ada Clinician',
      password_hash: null,
      totp_secret: null,
      totp_enrolled_at: null,
      last_totp_step: null,
      terms_version: null,
      terms_accepted_at: null,
      locked_until: null,
      profession: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const asAda: AuditActor = {
    userId: ada.id,
    role: 'clinician',
    hubId: hub.id,
    requestId: 'req-1',
  };
  const person = '33333333-3333-4333-8333-333333333333';
  // 31 May 23:30 UTC is 1 June 00:30 in London (BST).
  clock.set(new Date('2026-05-31T23:30:00Z'));
  await recordAudit(database.db, clock, asAda, {
    action: 'consultation',
    subjectType: 'case',
    subjectId: 'c-1',
    personId: person,
  });
  clock.set(new Date('2026-05-31T22:30:00Z'));
  await recordAudit(database.db, clock, asAda, {
    action: 'alteration',
    subjectType: 'case',
    subjectId: 'c-2',
  });
  clock.set(new Date('2026-06-02T10:00:00Z'));
  await recordAudit(
    database.db,
    clock,
    { ...igOfficer, userId: null, role: null },
    { action: 'admin', subjectType: 'person', subjectId: person },
  );
  return { clock, ada, hub, person };
}

test('searches by user email or id, with names and hub codes joined', async () => {
  const database = await testDatabase();
  try {
    const { clock, ada } = await fixture(database);
    const byEmail = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { user: { email: 'ADA@example.org' } },
      view: 'search',
    });
    assert.equal(byEmail.total, 2);
    assert.deepEqual(
      byEmail.rows.map((r) => [r.subjectId, r.actorName, r.hubCode]),
      [
        ['c-1', 'Ada Clinician', 'WM'],
        ['c-2', 'Ada Clinician', 'WM'],
      ],
      'newest first',
    );
    const byId = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { user: { id: ada.id } },
      view: 'search',
    });
    assert.equal(byId.total, 2);
    const nobody = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { user: { email: 'nobody@example.org' } },
      view: 'search',
    });
    assert.equal(nobody.total, 0);
  } finally {
    await database.close();
  }
});

test("a person's access log includes events about them on other records", async () => {
  const database = await testDatabase();
  try {
    const { clock, person } = await fixture(database);
    const result = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { subjectType: 'person', subjectId: person },
      view: 'record',
    });
    assert.deepEqual(
      result.rows.map((r) => r.action),
      ['admin', 'consultation'],
    );
    const oneCase = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { subjectType: 'case', subjectId: 'c-2' },
      view: 'record',
    });
    assert.deepEqual(
      oneCase.rows.map((r) => r.action),
      ['alteration'],
    );
  } finally {
    await database.close();
  }
});

test('dates are UK days, inclusive at both ends, and actions filter', async () => {
  const database = await testDatabase();
  try {
    const { clock } = await fixture(database);
    const june1 = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { from: '2026-06-01', to: '2026-06-01' },
      view: 'search',
    });
    assert.deepEqual(
      june1.rows.map((r) => r.subjectId),
      ['c-1'],
    );
    const may31 = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { to: '2026-05-31' },
      view: 'search',
    });
    assert.deepEqual(
      may31.rows.map((r) => r.subjectId),
      ['c-2'],
    );
    const admin = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { action: 'admin' },
      view: 'search',
    });
    assert.equal(admin.total, 1);
  } finally {
    await database.close();
  }
});

test('pages of 50, newest first, with every event on exactly one page', async () => {
  const database = await testDatabase();
  const clock = testClock();
  try {
    for (let i = 0; i < AUDIT_PAGE_SIZE + 7; i++) {
      await recordAudit(database.db, clock, igOfficer, {
        action: 'collection',
        subjectType: 'case',
        subjectId: `p-${i}`,
      });
      if (i % 3 === 0) clock.advance(1000); // some share a time: the id breaks the tie
    }
    const first = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { action: 'collection' },
      page: 1,
      view: 'search',
    });
    const second = await searchAuditLog(database.db, clock, igOfficer, {
      filters: { action: 'collection' },
      page: 2,
      view: 'search',
    });
    assert.equal(first.total, 57);
    assert.equal(first.rows.length, 50);
    assert.equal(second.rows.length, 7);
    const ids = [...first.rows, ...second.rows].map((r) => r.id);
    assert.equal(new Set(ids).size, 57);
    const times = [...first.rows, ...second.rows].map((r) => r.occurredAt.getTime());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
  } finally {
    await database.close();
  }
});

test('every search is itself audited, naming the user by id, never by email', async () => {
  const database = await testDatabase();
  try {
    const { clock, ada } = await fixture(database);
    await searchAuditLog(database.db, clock, igOfficer, {
      filters: { user: { email: 'ada@example.org' }, action: 'alteration' },
      page: 2,
      view: 'search',
    });
    await searchAuditLog(database.db, clock, igOfficer, {
      filters: { subjectType: 'case', subjectId: 'c-1' },
      view: 'record',
    });
    const views = await database.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type', 'subject_id', 'actor_role', 'request_id', 'detail'])
      .where('subject_type', '=', 'audit_log')
      .orderBy('occurred_at')
      .orderBy('xid')
      .execute();
    assert.deepEqual(views, [
      {
        action: 'consultation',
        subject_type: 'audit_log',
        subject_id: null,
        actor_role: 'ig_officer',
        request_id: 'req-ig',
        detail: {
          view: 'search',
          userId: ada.id,
          subjectType: null,
          subjectId: null,
          actionFilter: 'alteration',
          from: null,
          to: null,
          page: 2,
          rows: 0,
        },
      },
      {
        action: 'consultation',
        subject_type: 'audit_log',
        subject_id: 'case:c-1',
        actor_role: 'ig_officer',
        request_id: 'req-ig',
        detail: {
          view: 'record',
          userId: null,
          subjectType: 'case',
          subjectId: 'c-1',
          actionFilter: null,
          from: null,
          to: null,
          page: 1,
          rows: 1,
        },
      },
    ]);
    assert.ok(!JSON.stringify(views).includes('ada@example.org'));
  } finally {
    await database.close();
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { signIn } from '../../../test/support/auth.ts';
import { getPage, insertCase, postForm } from '../../../test/support/journey.ts';

test("a police lead passes a departing officer's open requests to another officer of the hub", async () => {
  const t = await testApp();
  try {
    const { db } = t.database;
    const lead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    const otherLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['NW'] });
    const leaving = await signIn(t, {
      roles: ['case_officer'],
      hubCodes: ['WM'],
      name: 'Leaving Officer',
    });
    const staying = await signIn(t, {
      roles: ['case_officer'],
      hubCodes: ['WM'],
      name: 'Staying Officer',
    });
    const elsewhere = await signIn(t, {
      roles: ['case_officer'],
      hubCodes: ['NW'],
      name: 'Elsewhere Officer',
    });
    const open1 = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: leaving.userId,
      givenName: 'Anna',
    });
    const open2 = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: leaving.userId,
      status: 'awaiting_triage',
      givenName: 'Bram',
    });
    const closed = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: leaving.userId,
      status: 'closed',
      givenName: 'Cleo',
    });
    const url = `/supervision/officers/${leaving.userId}`;

    const list = await getPage(t, lead, '/supervision/officers');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Leaving Officer/);
    assert.match(list.body, new RegExp(url));
    // Another hub's police lead sees neither the officer nor their requests.
    assert.doesNotMatch(
      (await getPage(t, otherLead, '/supervision/officers')).body,
      /Leaving Officer/,
    );
    assert.equal((await getPage(t, otherLead, url)).statusCode, 404);

    const page = await getPage(t, lead, url);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(open1.reference));
    assert.match(page.body, new RegExp(open2.reference));
    assert.doesNotMatch(page.body, new RegExp(closed.reference), 'closed requests stay');
    assert.match(page.body, /Staying Officer/);
    assert.doesNotMatch(page.body, /Elsewhere Officer/, 'only officers of the same hub');

    // Errors: nothing chosen, or someone not offered; nothing changes.
    const none = await postForm(t, lead, url, {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /There is a problem/);
    assert.match(none.body, /href="#to">Select the case officer who should follow these requests/);
    const wrong = await postForm(t, lead, url, { to: elsewhere.userId });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#to">Select a case officer from the list/);
    const self = await postForm(t, lead, url, { to: leaving.userId });
    assert.equal(self.statusCode, 400);
    const holder = async (caseId: string) =>
      (
        await db
          .selectFrom('cases')
          .select('requested_by')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).requested_by;
    assert.equal(await holder(open1.caseId), leaving.userId);

    const done = await postForm(t, lead, url, { to: staying.userId });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/supervision/officers?done=reassigned');
    assert.equal(await holder(open1.caseId), staying.userId);
    assert.equal(await holder(open2.caseId), staying.userId);
    assert.equal(await holder(closed.caseId), leaving.userId);

    const moves = await db.selectFrom('request_reassignments').selectAll().execute();
    assert.equal(moves.length, 2);
    for (const move of moves) {
      assert.equal(move.from_officer, leaving.userId);
      assert.equal(move.to_officer, staying.userId);
      assert.equal(move.reassigned_by, lead.userId);
    }
    const audit = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'alteration')
      .where('subject_type', '=', 'case')
      .execute();
    assert.deepEqual(audit.map((a) => a.subject_id).sort(), [open1.caseId, open2.caseId].sort());
    for (const row of audit) {
      assert.equal(row.actor_user_id, lead.userId);
      assert.equal(row.actor_role, 'police_lead');
      assert.deepEqual(row.detail, {
        event: 'request-reassigned',
        from: leaving.userId,
        to: staying.userId,
      });
    }
    const told = await db
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'path', 'case_id'])
      .where('kind', 'in', ['request_reassigned', 'request_handed_over'])
      .execute();
    const byKind = (kind: string) => told.filter((n) => n.kind === kind);
    assert.deepEqual(
      byKind('request_reassigned')
        .map((n) => [n.user_id, n.path])
        .sort(),
      [
        [staying.userId, `/requests/${open1.caseId}`],
        [staying.userId, `/requests/${open2.caseId}`],
      ].sort(),
    );
    assert.deepEqual(
      byKind('request_handed_over').map((n) => n.user_id),
      [leaving.userId, leaving.userId],
    );

    // The new officer follows the requests; the earlier one no longer opens them.
    assert.equal((await getPage(t, staying, `/requests/${open1.caseId}`)).statusCode, 200);
    assert.equal((await getPage(t, leaving, `/requests/${open1.caseId}`)).statusCode, 404);
    assert.equal((await getPage(t, leaving, `/requests/${closed.caseId}`)).statusCode, 200);

    // A second press moves nothing more.
    const again = await postForm(t, lead, url, { to: staying.userId });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/supervision/officers?done=none');
    assert.equal((await db.selectFrom('request_reassignments').select('id').execute()).length, 2);
  } finally {
    await t.close();
  }
});

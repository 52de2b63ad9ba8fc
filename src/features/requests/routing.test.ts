import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from '../../../test/support/app.ts';
import { createUser, signInAs } from '../../../test/support/auth.ts';
import { completeAnswers } from '../../../test/support/requests.ts';
import { createDraft, findDraft, saveSection, type Officer } from './drafts.ts';
import { submitRequest } from './submit.ts';

/**
 * Routing by force (issue 16, docs/hubs.md): a request goes to the active hub serving the
 * officer's force, whatever hub their roles are in; with no hub for the force the officer is
 * told why and nothing is written; a retired hub takes nothing.
 */
test('a request goes to the hub that serves the officer’s force, or is refused with the reason', async () => {
  const t = await testApp();
  try {
    const { db } = t.database;
    const hub = async (code: string) =>
      (await db.selectFrom('hubs').select('id').where('code', '=', code).executeTakeFirstOrThrow())
        .id;
    const [wm, nw] = [await hub('WM'), await hub('NW')];
    const officerUser = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const setForce = (force: string | null) =>
      db.updateTable('users').set({ force_code: force }).where('id', '=', officerUser.id).execute();
    const officer: Officer = { userId: officerUser.id, hubIds: [wm] };
    const draft = async () => {
      const draftId = await createDraft(db, t.clock, officer);
      for (const section of ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const)
        await saveSection(
          { db, clock: t.clock },
          { officer, draftId, section, value: completeAnswers()[section] },
        );
      return { draftId, key: (await findDraft(db, t.clock, officer, draftId))!.idempotencyKey };
    };
    const submit = async () => {
      const { draftId, key } = await draft();
      return {
        draftId,
        result: await submitRequest(db, t.clock, officer, {
          draftId,
          idempotencyKey: key,
          requestId: null,
        }),
      };
    };
    const hubOf = async (caseId: string) =>
      (
        await db
          .selectFrom('cases')
          .select('hub_id')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).hub_id;

    // No force recorded: the officer's own hub, as before.
    const own = await submit();
    assert.equal(own.result.outcome, 'created');
    assert.ok(own.result.outcome === 'created');
    assert.equal(await hubOf(own.result.caseId), wm);
    assert.match(own.result.reference, /^WM-/);

    // A Greater Manchester officer's request goes to North West, though their role is in WM.
    await setForce('greater_manchester');
    const routed = await submit();
    assert.ok(routed.result.outcome === 'created');
    assert.equal(await hubOf(routed.result.caseId), nw);
    assert.match(routed.result.reference, /^NW-/);

    // The officer follows it like any of their requests.
    const signedIn = await signInAs(t, officerUser);
    const sent = await t.app.inject({
      method: 'GET',
      url: `/requests/${routed.result.caseId}`,
      headers: { cookie: signedIn.cookie },
    });
    assert.equal(sent.statusCode, 200);

    // No hub serves Dorset: nothing is written, the draft is kept, the page says why.
    await setForce('dorset');
    const cases = async () => (await db.selectFrom('cases').select('id').execute()).length;
    const before = await cases();
    const refused = await submit();
    assert.deepEqual(refused.result, {
      outcome: 'unroutable',
      problem:
        'No active VSS hub serves Dorset Police yet, so this request cannot be sent. Your draft is kept: ask your service desk which hub to use.',
    });
    assert.equal(await cases(), before);
    assert.ok(await findDraft(db, t.clock, officer, refused.draftId));
    const check = await t.app.inject({
      method: 'GET',
      url: `/requests/drafts/${refused.draftId}/check-answers`,
      headers: { cookie: signedIn.cookie },
    });
    assert.equal(check.statusCode, 200);
    assert.match(check.body, /This request cannot be sent yet/);
    assert.match(check.body, /No active VSS hub serves Dorset Police/);
    assert.doesNotMatch(check.body, /Send request/);
    const posted = await t.app.inject({
      method: 'POST',
      url: `/requests/drafts/${refused.draftId}/submit`,
      headers: { cookie: signedIn.cookie },
      payload: {
        _csrf: signedIn.csrfToken,
        idempotencyKey: (await findDraft(db, t.clock, officer, refused.draftId))!.idempotencyKey,
      },
    });
    assert.equal(posted.statusCode, 303);
    assert.equal(posted.headers.location, `/requests/drafts/${refused.draftId}/check-answers`);
    assert.equal(await cases(), before);

    // A retired hub takes nothing: North West retired, Greater Manchester is served by nobody.
    await setForce('greater_manchester');
    await db
      .updateTable('hubs')
      .set({ status: 'retired', retired_at: t.clock.now() })
      .where('id', '=', nw)
      .execute();
    await db.updateTable('hub_forces').set({ active: false }).where('hub_id', '=', nw).execute();
    const afterRetiring = await submit();
    assert.equal(afterRetiring.result.outcome, 'unroutable');
    // ... and its earlier case stays readable by the officer who asked.
    const still = await t.app.inject({
      method: 'GET',
      url: `/requests/${routed.result.caseId}`,
      headers: { cookie: signedIn.cookie },
    });
    assert.equal(still.statusCode, 200);
  } finally {
    await t.close();
  }
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { getPage, postForm } from '../../../test/support/journey.ts';
import { pdfText } from '../../../test/support/pdf.ts';
import { THIRD_PARTY_REMOVED } from '../../domain/subject-access.ts';
import { SAR_TEXT, twoEpisodes } from './testing.ts';

describe('subject access requests', () => {
  let t: TestApp;
  let officer: SignedIn;
  let clinician: SignedIn;
  let otherHubClinician: SignedIn;
  let unallocated: SignedIn;
  let policeLead: SignedIn;
  let ig: SignedIn;
  let person: Awaited<ReturnType<typeof twoEpisodes>>;
  let requestId: string;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHubClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
    unallocated = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    ig = await signIn(t, { roles: ['ig_officer'] });
    person = await twoEpisodes(
      t.database.db,
      { officerId: officer.userId, clinicianId: clinician.userId },
      t.clock.now(),
    );
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;
  const items = (table: 'subject_access_health_items' | 'subject_access_police_items') =>
    db()
      .selectFrom(table)
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('position')
      .execute();
  const register = (fields: Record<string, string>) =>
    postForm(t, ig, '/subject-access/new', {
      step: 'register',
      q: person.second.reference,
      personId: person.personId,
      'receivedOn-day': '31',
      'receivedOn-month': '1',
      'receivedOn-year': '2026',
      identityMethod: 'photo_id',
      identityCheckedBy: 'A. Receptionist',
      controller: 'both',
      ...fields,
    });

  it('the IG officer finds the person and registers a request due in one calendar month', async () => {
    const found = await postForm(t, ig, '/subject-access/new', { q: person.first.reference });
    assert.equal(found.statusCode, 200);
    assert.match(found.body, /Sam Subject/);
    assert.match(found.body, new RegExp(person.second.reference));

    const refused = await register({ identityCheckedBy: '', controller: 'someone' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /href="#identityCheckedBy"/);
    assert.match(refused.body, /href="#controller"/);
    assert.equal(
      Number(
        (
          await db()
            .selectFrom('subject_access_requests')
            .select(db().fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      0,
    );

    const done = await register({});
    assert.equal(done.statusCode, 303);
    requestId = String(done.headers.location).split('/').pop()!;
    const row = await db()
      .selectFrom('subject_access_requests')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    assert.equal(row.due_on, '2026-02-28');
    const queue = await getPage(t, ig, '/subject-access');
    assert.match(queue.body, /Sam Subject/);
    assert.match(queue.body, /Overdue/);
  });

  it('an extension goes up to two months further, with a reason', async () => {
    const url = `/subject-access/${requestId}/extend`;
    const tooFar = await postForm(t, ig, url, {
      'extendTo-day': '1',
      'extendTo-month': '5',
      'extendTo-year': '2026',
      reason: 'Complex request',
    });
    assert.equal(tooFar.statusCode, 400);
    assert.match(tooFar.body, /up to two months/);
    const ok = await postForm(t, ig, url, {
      'extendTo-day': '30',
      'extendTo-month': '4',
      'extendTo-year': '2026',
      reason: 'Complex request',
    });
    assert.equal(ok.statusCode, 303);
    const row = await db()
      .selectFrom('subject_access_requests')
      .select(['extended_to', 'extension_reason'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { extended_to: '2026-04-30', extension_reason: 'Complex request' });
  });

  it('gathering copies both episodes split by controller; the restricted note is withheld already', async () => {
    const res = await postForm(t, ig, `/subject-access/${requestId}/gather`, {});
    assert.equal(res.statusCode, 303);
    const health = await items('subject_access_health_items');
    const police = await items('subject_access_police_items');
    const bodies = health.map((i) => i.body);
    for (const text of [
      SAR_TEXT.released,
      SAR_TEXT.harm,
      SAR_TEXT.thirdPartyBody,
      SAR_TEXT.restricted,
      SAR_TEXT.secondEpisode,
    ]) {
      assert.ok(
        bodies.some((b) => b.includes(text)),
        text,
      );
    }
    assert.ok(!bodies.some((b) => b.includes(SAR_TEXT.policeUpdate)));
    assert.ok(police.some((i) => i.body === SAR_TEXT.policeUpdate));
    assert.ok(
      police.some((i) => i.source_table === 'support_requests' && i.body.includes('Low mood')),
    );
    assert.deepEqual(
      new Set([...health, ...police].map((i) => i.case_id)),
      new Set([person.first.caseId, person.second.caseId]),
    );
    const restricted = health.find((i) => i.body === SAR_TEXT.restricted)!;
    assert.equal(restricted.decision, 'withhold');
    assert.equal(restricted.ground, 'restricted_note');
    // Once only.
    await postForm(t, ig, `/subject-access/${requestId}/gather`, {});
    assert.equal((await items('subject_access_health_items')).length, health.length);
    const page = await getPage(t, ig, `/subject-access/${requestId}`);
    assert.equal(page.statusCode, 200);
    for (const text of Object.values(SAR_TEXT)) assert.ok(!page.body.includes(text), text);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'person_id'])
      .where('subject_type', '=', 'subject_access_request')
      .where('subject_id', '=', requestId)
      .execute();
    assert.ok(audit.some((a) => a.action === 'combination' && a.person_id === person.personId));
  });

  it('the bundle waits until every item is reviewed', async () => {
    const res = await downloadExport(t, ig, `/subject-access/${requestId}/bundle.pdf`);
    assert.equal(res.statusCode, 409);
  });

  it('health items are reviewed by a clinician of the hub, police items by its police lead', async () => {
    assert.equal(
      (await getPage(t, otherHubClinician, `/health-review/subject-access/${requestId}`))
        .statusCode,
      404,
    );
    // A clinician of the hub not allocated to the cases reads no health record of them.
    assert.equal(
      (await getPage(t, unallocated, `/health-review/subject-access/${requestId}`)).statusCode,
      404,
    );
    assert.ok(
      !(await getPage(t, unallocated, '/health-review/subject-access')).body.includes(
        'Sam Subject',
      ),
    );
    assert.equal(
      (await getPage(t, officer, `/supervision/subject-access/${requestId}`)).statusCode,
      403,
    );
    assert.equal(
      (await getPage(t, ig, `/health-review/subject-access/${requestId}`)).statusCode,
      403,
    );
    const queue = await getPage(t, clinician, '/health-review/subject-access');
    assert.match(queue.body, /Sam Subject/);
    const list = await getPage(t, clinician, `/health-review/subject-access/${requestId}`);
    assert.match(list.body, /RELEASED-NOTE/);
    assert.ok(!list.body.includes(SAR_TEXT.policeUpdate));
    const policeList = await getPage(t, policeLead, `/supervision/subject-access/${requestId}`);
    assert.match(policeList.body, /POLICE-UPDATE/);
    assert.ok(!policeList.body.includes('RELEASED-NOTE'));

    const health = await items('subject_access_health_items');
    const url = (id: string) => `/health-review/subject-access/${requestId}/items/${id}`;
    const restricted = health.find((i) => i.body === SAR_TEXT.restricted)!;
    assert.equal(
      (await postForm(t, clinician, url(restricted.id), { decision: 'release' })).statusCode,
      404,
    );
    const harm = health.find((i) => i.body === SAR_TEXT.harm)!;
    const noReason = await postForm(t, clinician, url(harm.id), { decision: 'withhold' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /href="#ground"/);
    assert.equal(
      (
        await postForm(t, clinician, url(harm.id), {
          decision: 'withhold',
          ground: 'serious_harm',
          reason: 'Likely to cause serious harm',
        })
      ).statusCode,
      303,
    );
    const contact = health.find((i) => i.body.includes(SAR_TEXT.thirdPartyBody))!;
    const unbalanced = await postForm(t, clinician, url(contact.id), {
      decision: 'release_part',
      ground: 'third_party',
      reason: 'Names a neighbour',
      releasedText: 'Spoke with [[THIRD-PARTY-NAME about the weekend',
    });
    assert.equal(unbalanced.statusCode, 400);
    assert.equal(
      (
        await postForm(t, clinician, url(contact.id), {
          decision: 'release_part',
          ground: 'third_party',
          reason: 'Names a neighbour',
          releasedText: contact.body.replace('THIRD-PARTY-NAME', '[[THIRD-PARTY-NAME]]'),
        })
      ).statusCode,
      303,
    );
    for (const item of health.filter(
      (i) => i.decision === null && i.id !== harm.id && i.id !== contact.id,
    )) {
      assert.equal(
        (await postForm(t, clinician, url(item.id), { decision: 'release' })).statusCode,
        303,
      );
    }
    for (const item of await items('subject_access_police_items')) {
      const res = await postForm(
        t,
        policeLead,
        `/supervision/subject-access/${requestId}/items/${item.id}`,
        { decision: 'release' },
      );
      assert.equal(res.statusCode, 303);
    }
    const page = await getPage(t, ig, `/subject-access/${requestId}`);
    assert.match(page.body, /Serious harm test/);
    assert.ok(!page.body.includes('Likely to cause serious harm'));
  });

  it('the bundle holds exactly what was released, is audited as a disclosure, and closes the request', async () => {
    const ask = await getPage(t, ig, `/subject-access/${requestId}/bundle.pdf`);
    assert.match(ask.body, /Why do you need this download\?/);
    const res = await downloadExport(
      t,
      ig,
      `/subject-access/${requestId}/bundle.pdf`,
      'Reply to the person',
    );
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/pdf');
    const text = await pdfText(res.rawPayload);
    assert.match(text, /Dear Sam Subject/);
    for (const released of [
      SAR_TEXT.released,
      SAR_TEXT.secondEpisode,
      SAR_TEXT.policeUpdate,
      'Low mood',
    ]) {
      assert.ok(text.includes(released), released);
    }
    assert.ok(text.includes(`Spoke with ${THIRD_PARTY_REMOVED} about the weekend`));
    for (const withheld of ['WITHHELD-HARM', 'THIRD-PARTY-NAME', 'RESTRICTED-NOTE']) {
      assert.ok(!text.includes(withheld), withheld);
    }
    const audit = await db()
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'disclosure')
      .where('subject_id', '=', requestId)
      .executeTakeFirstOrThrow();
    assert.equal(audit.reason, 'Reply to the person');
    assert.equal(audit.person_id, person.personId);
    const detail = (
      typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail
    ) as Record<string, string[]>;
    const health = await items('subject_access_health_items');
    const harm = health.find((i) => i.body === SAR_TEXT.harm)!;
    assert.ok(detail.withheld!.includes(harm.id));
    assert.ok(!detail.released!.includes(harm.id));
    assert.equal(detail.identifiableExport, 'subject_access_bundle');

    const row = await db()
      .selectFrom('subject_access_requests')
      .select(['disclosed_by'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    assert.equal(row.disclosed_by, ig.userId);
    assert.ok(!(await getPage(t, ig, '/subject-access')).body.includes('Sam Subject'));
    // Decisions no longer change; the withheld reason stays on the request.
    const again = await postForm(
      t,
      clinician,
      `/health-review/subject-access/${requestId}/items/${harm.id}`,
      { decision: 'release' },
    );
    assert.equal(again.statusCode, 404);
    assert.equal(harm.reason, 'Likely to cause serious harm');
  });
});

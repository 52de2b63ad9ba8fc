import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { completeAnswers, hubId, insertOfficer } from '../../../test/support/requests.ts';
import type { Database } from '../../db/database.ts';
import { isCaseTable, TABLE_COMPARTMENTS } from '../../domain/compartments.ts';
import {
  createDraft,
  findDraft,
  listDrafts,
  saveMatchAnswer,
  saveSection,
  type Officer,
} from './drafts.ts';
import { listRequests, matchesForOfficer, readRequest, sentRequest } from './service.ts';
import { submitRequest } from './submit.ts';

/** A draft with every section answered. */
async function completeDraft(
  database: Database,
  clock: ReturnType<typeof testClock>,
  officer: Officer,
  answers = completeAnswers(),
) {
  const draftId = await createDraft(database.db, clock, officer);
  for (const section of ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const) {
    assert.ok(
      await saveSection(
        { db: database.db, clock },
        { officer, draftId, section, value: answers[section] },
      ),
    );
  }
  const draft = await findDraft(database.db, clock, officer, draftId);
  return { draftId, key: draft!.idempotencyKey };
}

describe('request drafts and submission', () => {
  let database: Database;
  let clock: ReturnType<typeof testClock>;
  let officer: Officer;

  beforeEach(async () => {
    database = await testDatabase();
    clock = testClock(new Date('2026-06-01T09:00:00Z'));
    officer = await insertOfficer(database, ['WM']);
  });
  afterEach(async () => {
    await database.close();
  });

  it('a draft belongs to its owner only and expires 30 days after its last save', async () => {
    const draftId = await createDraft(database.db, clock, officer);
    const other = await insertOfficer(database, ['WM']);
    assert.equal(await findDraft(database.db, clock, other, draftId), null);
    assert.equal(
      await saveSection(
        { db: database.db, clock },
        {
          officer: other,
          draftId,
          section: 'referral',
          value: {
            referralSector: 'health',
            concernType: 'other',
          },
        },
      ),
      false,
    );
    assert.deepEqual((await listDrafts(database.db, clock, other)).length, 0);

    const mine = await findDraft(database.db, clock, officer, draftId);
    assert.equal(mine?.hubId, officer.hubIds[0]);
    clock.advance(29 * 24 * 3600 * 1000);
    assert.ok(
      await saveSection(
        { db: database.db, clock },
        {
          officer,
          draftId,
          section: 'referral',
          value: {
            referralSector: 'health',
            concernType: 'other',
          },
        },
      ),
    );
    clock.advance(29 * 24 * 3600 * 1000);
    assert.ok(await findDraft(database.db, clock, officer, draftId), 'saving extends the draft');
    clock.advance(2 * 24 * 3600 * 1000);
    assert.equal(await findDraft(database.db, clock, officer, draftId), null);
  });

  it('saving "About the person" again clears the answer about a possible match', async () => {
    const draftId = await createDraft(database.db, clock, officer);
    await saveSection(
      { db: database.db, clock },
      { officer, draftId, section: 'person', value: completeAnswers().person },
    );
    await saveMatchAnswer({ db: database.db, clock }, { officer, draftId, linkCaseId: null });
    assert.deepEqual((await findDraft(database.db, clock, officer, draftId))?.answers.match, {
      linkCaseId: null,
    });
    await saveSection(
      { db: database.db, clock },
      { officer, draftId, section: 'person', value: completeAnswers().person },
    );
    assert.equal((await findDraft(database.db, clock, officer, draftId))?.answers.match, undefined);
  });

  it('submit creates the person, case, support request and audit rows, and deletes the draft', async () => {
    const { draftId, key } = await completeDraft(database, clock, officer);
    const result = await submitRequest(database.db, clock, officer, {
      draftId,
      idempotencyKey: key,
      requestId: 'req-1',
    });
    assert.equal(result.outcome, 'created');
    assert.ok(result.outcome === 'created');
    assert.equal(result.reference, 'WM-2026-0001');

    const kase = await database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', result.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(kase.status, 'awaiting_triage');
    assert.equal(kase.requested_by, officer.userId);
    assert.equal(kase.previous_case_id, null);
    const request = await database.db
      .selectFrom('support_requests')
      .selectAll()
      .where('case_id', '=', result.caseId)
      .executeTakeFirstOrThrow();
    assert.equal(request.pcmt_reference, 'PCMT-1');
    assert.equal(request.gateway_date, '2026-05-01');
    assert.equal(await findDraft(database.db, clock, officer, draftId), null);

    const audit = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .orderBy('subject_type')
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.subject_type, a.person_id, a.request_id, a.hub_id]),
      [
        ['collection', 'person', kase.person_id, 'req-1', officer.hubIds[0]],
        ['collection', 'support_request', kase.person_id, 'req-1', officer.hubIds[0]],
      ],
    );
    assert.doesNotMatch(JSON.stringify(audit), /Testy|McTestface|Low mood/);
  });

  it('submitting twice, or at once, creates one case and answers both with it', async () => {
    const { draftId, key } = await completeDraft(database, clock, officer);
    const [a, b] = await Promise.all([
      submitRequest(database.db, clock, officer, { draftId, idempotencyKey: key, requestId: null }),
      submitRequest(database.db, clock, officer, { draftId, idempotencyKey: key, requestId: null }),
    ]);
    const retry = await submitRequest(database.db, clock, officer, {
      draftId,
      idempotencyKey: key,
      requestId: null,
    });
    assert.deepEqual([a.outcome, b.outcome].sort(), ['already_submitted', 'created']);
    assert.ok(a.outcome === 'created' || a.outcome === 'already_submitted');
    assert.ok(b.outcome === 'created' || b.outcome === 'already_submitted');
    assert.ok(retry.outcome === 'already_submitted');
    assert.equal(a.caseId, b.caseId);
    assert.equal(retry.caseId, a.caseId);
    const { n } = await database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), 1);
  });

  it("another officer cannot submit someone's draft or learn of its case", async () => {
    const { draftId, key } = await completeDraft(database, clock, officer);
    const other = await insertOfficer(database, ['WM']);
    assert.deepEqual(
      await submitRequest(database.db, clock, other, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      }),
      { outcome: 'not_found' },
    );
    const mine = await submitRequest(database.db, clock, officer, {
      draftId,
      idempotencyKey: key,
      requestId: null,
    });
    assert.equal(mine.outcome, 'created');
    assert.deepEqual(
      await submitRequest(database.db, clock, other, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      }),
      { outcome: 'not_found' },
    );
  });

  it('an incomplete draft is not submitted', async () => {
    const draftId = await createDraft(database.db, clock, officer);
    const draft = await findDraft(database.db, clock, officer, draftId);
    await saveSection(
      { db: database.db, clock },
      { officer, draftId, section: 'person', value: completeAnswers().person },
    );
    assert.deepEqual(
      await submitRequest(database.db, clock, officer, {
        draftId,
        idempotencyKey: draft!.idempotencyKey,
        requestId: null,
      }),
      { outcome: 'incomplete' },
    );
    assert.ok(await findDraft(database.db, clock, officer, draftId));
  });

  it('references count per hub and per year', async () => {
    const london = await insertOfficer(database, ['LDN']);
    const refs: string[] = [];
    for (const who of [officer, officer, london]) {
      const { draftId, key } = await completeDraft(
        database,
        clock,
        who,
        completeAnswers({
          person: {
            ...completeAnswers().person,
            givenName: `Test${refs.length}`,
            familyName: `Zed${refs.length}q`,
          },
        }),
      );
      const r = await submitRequest(database.db, clock, who, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      });
      assert.ok(r.outcome === 'created');
      refs.push(r.reference);
    }
    clock.set(new Date('2027-01-01T00:00:01Z'));
    const { draftId, key } = await completeDraft(
      database,
      clock,
      officer,
      completeAnswers({
        person: { ...completeAnswers().person, givenName: 'Another', familyName: 'Yearling' },
      }),
    );
    const r = await submitRequest(database.db, clock, officer, {
      draftId,
      idempotencyKey: key,
      requestId: null,
    });
    assert.ok(r.outcome === 'created');
    refs.push(r.reference);
    assert.deepEqual(refs, ['WM-2026-0001', 'WM-2026-0002', 'LDN-2026-0001', 'WM-2027-0001']);
  });

  it('an officer of several hubs must choose one of their own hubs', async () => {
    const both = await insertOfficer(database, ['WM', 'NW']);
    const { draftId, key } = await completeDraft(database, clock, both);
    assert.deepEqual(
      await submitRequest(database.db, clock, both, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      }),
      { outcome: 'incomplete' },
    );
    const ldn = await hubId(database, 'LDN');
    await saveSection(
      { db: database.db, clock },
      { officer: both, draftId, section: 'hub', value: { hubId: ldn } },
    );
    assert.equal(
      (await findDraft(database.db, clock, both, draftId))?.hubId,
      null,
      'not a hub of theirs',
    );
    assert.deepEqual(
      await submitRequest(database.db, clock, both, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      }),
      { outcome: 'incomplete' },
    );
    await saveSection(
      { db: database.db, clock },
      { officer: both, draftId, section: 'hub', value: { hubId: both.hubIds[1]! } },
    );
    const r = await submitRequest(database.db, clock, both, {
      draftId,
      idempotencyKey: key,
      requestId: null,
    });
    assert.ok(r.outcome === 'created');
    assert.match(r.reference, /^NW-2026-0001$/);
  });

  describe('re-referral', () => {
    it('a match by NHS number links the new case to the same person, told to nobody', async () => {
      const withNhs = completeAnswers({
        person: { ...completeAnswers().person, nhsNumber: '9434765919' },
      });
      const first = await completeDraft(database, clock, officer, withNhs);
      const one = await submitRequest(database.db, clock, officer, {
        draftId: first.draftId,
        idempotencyKey: first.key,
        requestId: null,
      });
      assert.ok(one.outcome === 'created');

      const other = await insertOfficer(database, ['WM']);
      const renamed = completeAnswers({
        person: { ...withNhs.person, givenName: 'Different', postcodeDistrict: 'B16' },
      });
      const view = await matchesForOfficer(
        { db: database.db, clock },
        { officer: other, person: renamed.person, requestId: null },
      );
      assert.deepEqual(view, { kind: 'possible', earlierRequests: [], othersExist: true });

      clock.advance(1000);
      const second = await completeDraft(database, clock, other, renamed);
      const two = await submitRequest(database.db, clock, other, {
        draftId: second.draftId,
        idempotencyKey: second.key,
        requestId: null,
      });
      assert.ok(two.outcome === 'created');
      const cases = await database.db
        .selectFrom('cases')
        .selectAll()
        .orderBy('requested_at')
        .execute();
      assert.equal(cases[1]!.person_id, cases[0]!.person_id);
      assert.equal(cases[1]!.previous_case_id, cases[0]!.id);
      const person = await database.db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
      assert.equal(person.postcode_district, 'B16', 'the latest police-provided details');
      assert.equal(person.version, 2);
      const { n } = await database.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), 1);
    });

    it('the officer sees their own earlier reference for a name match, and linking it is a re-referral', async () => {
      const first = await completeDraft(database, clock, officer);
      const one = await submitRequest(database.db, clock, officer, {
        draftId: first.draftId,
        idempotencyKey: first.key,
        requestId: null,
      });
      assert.ok(one.outcome === 'created');
      clock.advance(1000);
      const similar = completeAnswers({
        person: { ...completeAnswers().person, givenName: 'Testie' },
      });
      const view = await matchesForOfficer(
        { db: database.db, clock },
        { officer, person: similar.person, requestId: null },
      );
      assert.equal(view.kind, 'possible');
      assert.ok(view.kind === 'possible');
      assert.deepEqual(
        view.earlierRequests.map((e) => e.reference),
        ['WM-2026-0001'],
      );
      assert.equal(view.othersExist, false);

      const second = await completeDraft(database, clock, officer, similar);
      await saveMatchAnswer(
        { db: database.db, clock },
        { officer, draftId: second.draftId, linkCaseId: one.caseId },
      );
      const two = await submitRequest(database.db, clock, officer, {
        draftId: second.draftId,
        idempotencyKey: second.key,
        requestId: null,
      });
      assert.ok(two.outcome === 'created');
      const kase = await database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', two.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(kase.previous_case_id, one.caseId);
      const combination = await database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('action', '=', 'combination')
        .execute();
      assert.equal(combination.length, 1);
    });

    it('another officer is told only that a possible match exists; without a link a new person is created', async () => {
      const first = await completeDraft(database, clock, officer);
      await submitRequest(database.db, clock, officer, {
        draftId: first.draftId,
        idempotencyKey: first.key,
        requestId: null,
      });
      const other = await insertOfficer(database, ['WM']);
      const view = await matchesForOfficer(
        { db: database.db, clock },
        { officer: other, person: completeAnswers().person, requestId: null },
      );
      assert.deepEqual(view, { kind: 'possible', earlierRequests: [], othersExist: true });

      // A forged link to a case that is not theirs is ignored.
      const theirs = await database.db.selectFrom('cases').select('id').executeTakeFirstOrThrow();
      const second = await completeDraft(database, clock, other);
      await saveMatchAnswer(
        { db: database.db, clock },
        { officer: other, draftId: second.draftId, linkCaseId: theirs.id },
      );
      const two = await submitRequest(database.db, clock, other, {
        draftId: second.draftId,
        idempotencyKey: second.key,
        requestId: null,
      });
      assert.ok(two.outcome === 'created');
      const kase = await database.db
        .selectFrom('cases')
        .selectAll()
        .where('id', '=', two.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(kase.previous_case_id, null);
      const { n } = await database.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), 2);
    });
  });

  describe('following requests', () => {
    it("lists the officer's own requests, newest first, by page", async () => {
      const other = await insertOfficer(database, ['WM']);
      for (let i = 0; i < 22; i += 1) {
        clock.advance(60_000);
        const { draftId, key } = await completeDraft(
          database,
          clock,
          officer,
          completeAnswers({
            person: {
              ...completeAnswers().person,
              givenName: `Person${i}`,
              familyName: `Number${i}x`,
              dateOfBirth: `1990-01-${String(i + 1).padStart(2, '0')}`,
            },
          }),
        );
        await submitRequest(database.db, clock, officer, {
          draftId,
          idempotencyKey: key,
          requestId: null,
        });
      }
      const theirs = await completeDraft(database, clock, other);
      await submitRequest(database.db, clock, other, {
        draftId: theirs.draftId,
        idempotencyKey: theirs.key,
        requestId: null,
      });

      const page1 = await listRequests(database.db, officer, 1);
      const page2 = await listRequests(database.db, officer, 2);
      assert.equal(page1.total, 22);
      assert.equal(page1.items.length, 20);
      assert.equal(page2.items.length, 2);
      assert.equal(page1.items[0]!.reference, 'WM-2026-0022');
      assert.equal(page2.items[1]!.reference, 'WM-2026-0001');
      assert.equal(page1.items[0]!.status, 'awaiting_triage');
    });

    it("reads the officer's own request with a consultation row; another officer's is a denial", async () => {
      const { draftId, key } = await completeDraft(database, clock, officer);
      const r = await submitRequest(database.db, clock, officer, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      });
      assert.ok(r.outcome === 'created');
      const record = await readRequest(
        { db: database.db, clock },
        { officer, caseId: r.caseId, requestId: 'req-read' },
      );
      assert.equal(record?.reference, 'WM-2026-0001');
      assert.equal(record?.person.given_name, 'Testy');
      assert.equal(record?.supportRequest.concerns_seen, 'Low mood');
      assert.deepEqual(await sentRequest(database.db, officer, r.caseId), {
        reference: 'WM-2026-0001',
        hubName: 'West Midlands',
        urgency: 'routine',
      });

      const other = await insertOfficer(database, ['WM']);
      assert.equal(
        await readRequest(
          { db: database.db, clock },
          { officer: other, caseId: r.caseId, requestId: 'req-denied' },
        ),
        null,
      );
      assert.equal(await sentRequest(database.db, other, r.caseId), null);
      const audit = await database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('request_id', 'in', ['req-read', 'req-denied'])
        .orderBy('action')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, a.outcome, a.actor_user_id, a.subject_id]),
        [
          ['consultation', 'success', officer.userId, r.caseId],
          ['denial', 'denied', other.userId, r.caseId],
        ],
      );
      assert.equal(audit[1]!.person_id, null, 'a denial says nothing of whose case it is');
    });
    it("the officer's read of a request selects from no health table", async () => {
      const { draftId, key } = await completeDraft(database, clock, officer);
      const r = await submitRequest(database.db, clock, officer, {
        draftId,
        idempotencyKey: key,
        requestId: null,
      });
      assert.ok(r.outcome === 'created');
      const tables = new Set<string>();
      // Every table name in every query the read sends, taken from the query trees.
      const spy = database.db.withPlugin({
        transformQuery: (args) => {
          for (const m of JSON.stringify(args.node).matchAll(
            /"kind":"TableNode","table":\{"kind":"SchemableIdentifierNode",(?:"schema":[^}]*,)?"identifier":\{"kind":"IdentifierNode","name":"([a-z_]+)"/g,
          )) {
            tables.add(m[1]!);
          }
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      });
      const record = await readRequest(
        { db: spy, clock },
        { officer, caseId: r.caseId, requestId: null },
      );
      assert.deepEqual(record?.shared, {
        advice: [],
        closureSummary: null,
        feedbackAnswered: false,
        released: [],
      });
      assert.ok(
        tables.has('advice') && tables.has('closure_summaries') && tables.has('released_items'),
        [...tables].join(),
      );
      const health = [...tables].filter(
        (t) => isCaseTable(t) && TABLE_COMPARTMENTS[t] === 'health',
      );
      assert.deepEqual(health, []);
    });
  });
});

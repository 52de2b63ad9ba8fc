import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, signInAs, type SignedIn } from '../../../test/support/auth.ts';
import { caseVersion, getPage, insertCase, postForm } from '../../../test/support/journey.ts';
import { addPlanAction } from './actions.ts';

const CANARY = 'CANARY-PLAN housing officer knows of recent crisis';

const date = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return {
    [`${prefix}-day`]: String(Number(d)),
    [`${prefix}-month`]: String(Number(m)),
    [`${prefix}-year`]: y!,
  };
};

describe('intervention plans', () => {
  let t: TestApp;
  let officer: SignedIn;
  let lead: SignedIn;
  let clinician: SignedIn;
  let otherClinician: SignedIn;
  let otherHubClinician: SignedIn;
  let otherHubLead: SignedIn;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHubClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
    otherHubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
  });
  after(async () => {
    await t?.close();
  });

  const db = () => t.database.db;

  /** An open case allocated to `clinician`, with consent given unless told otherwise. */
  async function openCase(
    options: { consent?: 'given' | 'declined' | null; status?: 'open' | 'closed' } = {},
  ) {
    const { caseId, personId } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
      status: options.status ?? 'open',
    });
    await db()
      .insertInto('allocations')
      .values({
        case_id: caseId,
        clinician_id: clinician.userId,
        role: 'lead',
        allocated_from: t.clock.now(),
        allocated_by: lead.userId,
      })
      .execute();
    const consent = options.consent === undefined ? 'given' : options.consent;
    if (consent) {
      await db()
        .insertInto('consents')
        .values({
          case_id: caseId,
          status: consent,
          method: 'verbal',
          decided_at: t.clock.now(),
          recorded_by: clinician.userId,
          recorded_at: t.clock.now(),
        })
        .execute();
    }
    return { caseId, personId };
  }

  /** The version a form is opened at: an action's own (issue 12), else the case's. */
  async function versionFor(caseId: string, path: string): Promise<string> {
    if (path.startsWith('/actions/')) {
      const action = await db()
        .selectFrom('plan_actions')
        .select('version')
        .where('id', '=', path.slice('/actions/'.length))
        .executeTakeFirst();
      if (action) return String(action.version);
    }
    return String(await caseVersion(db(), caseId));
  }

  async function post(who: SignedIn, caseId: string, path: string, fields: Record<string, string>) {
    return postForm(t, who, `/cases/${caseId}/plan${path}`, {
      version: await versionFor(caseId, path),
      ...fields,
    });
  }

  const currentPlanId = async (caseId: string) =>
    (
      await db()
        .selectFrom('plans')
        .select('id')
        .where('case_id', '=', caseId)
        .where('superseded_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;

  /** A plan with one need and one action; returns their ids. */
  async function planWithAction(caseId: string, who = clinician, due = '2026-06-10') {
    assert.equal((await post(who, caseId, '', date('reviewDate', '2026-09-01'))).statusCode, 303);
    assert.equal(
      (
        await post(who, caseId, '/needs', {
          category: 'access_to_services',
          description: `No GP registration. ${CANARY}`,
        })
      ).statusCode,
      303,
    );
    const need = await db()
      .selectFrom('plan_needs')
      .select('id')
      .where('plan_id', '=', await currentPlanId(caseId))
      .executeTakeFirstOrThrow();
    const added = await post(who, caseId, `/needs/${need.id}/actions`, {
      description: 'Register with a GP near the new address',
      serviceType: 'mental_health',
      agency: 'Primary care',
      owner: 'Alex Example, VSS nurse',
      ...date('dueDate', due),
    });
    assert.equal(added.statusCode, 303, added.body);
    const action = await db()
      .selectFrom('plan_actions')
      .select('id')
      .where('need_id', '=', need.id)
      .executeTakeFirstOrThrow();
    return { needId: need.id, actionId: action.id };
  }

  it('the allocated clinician starts a plan, adds needs and actions; each change audited, version moved on', async () => {
    const { caseId } = await openCase();
    const empty = await getPage(t, clinician, `/cases/${caseId}/plan`);
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /No intervention plan has been started/);
    assert.match(empty.body, /Start the plan/);
    const before = Number(await caseVersion(db(), caseId));
    const { actionId } = await planWithAction(caseId);
    assert.equal(Number(await caseVersion(db(), caseId)), before + 3);

    const page = await getPage(t, clinician, `/cases/${caseId}/plan`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Need 1: Access to services/);
    assert.match(page.body, /Register with a GP near the new address/);
    assert.match(page.body, /Primary care/);
    assert.match(page.body, /Due soon/, 'due within two weeks of 1 June');
    assert.match(page.body, new RegExp(`/cases/${caseId}/plan/actions/${actionId}`));

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'subject_type'])
      .where('actor_user_id', '=', clinician.userId)
      .where('subject_type', 'in', ['plan', 'plan_need', 'plan_action'])
      .execute();
    const kinds = audit.map((a) => `${a.action} ${a.subject_type}`);
    for (const kind of [
      'collection plan',
      'collection plan_need',
      'collection plan_action',
      'consultation plan',
    ]) {
      assert.ok(kinds.includes(kind), `audited: ${kind}`);
    }
    const details = await db().selectFrom('audit_events').select('detail').execute();
    assert.ok(!JSON.stringify(details).includes('CANARY'), 'no content in audit rows');
  });

  it('statuses: in progress; not achieved needs a reason; overdue highlighted by London day', async () => {
    const { caseId } = await openCase();
    const { actionId } = await planWithAction(caseId, clinician, '2026-06-03');

    const noReason = await post(clinician, caseId, `/actions/${actionId}`, {
      status: 'not_achieved',
      notAchievedReason: '',
      ...date('dueDate', '2026-06-03'),
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /<title>Error:/);
    assert.match(noReason.body, /href="#notAchievedReason"/);
    assert.match(noReason.body, /Enter why the action was not achieved/);

    const inProgress = await post(clinician, caseId, `/actions/${actionId}`, {
      status: 'in_progress',
      notAchievedReason: 'ignored unless not achieved',
      ...date('dueDate', '2026-06-03'),
    });
    assert.equal(inProgress.statusCode, 303);
    let row = await db()
      .selectFrom('plan_actions')
      .selectAll()
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'in_progress');
    assert.equal(row.not_achieved_reason, null);

    // 23:30 UTC on 3 June is already 4 June in London: the action is a day late.
    t.clock.set(new Date('2026-06-03T23:30:00Z'));
    try {
      // Sessions time out while the clock moves on: sign in again.
      const later = await signInAs(t, clinician.user);
      const page = await getPage(t, later, `/cases/${caseId}/plan`);
      assert.match(page.body, /govuk-tag--red[^>]*>\s*Overdue/);
      assert.match(page.body, /1 day late/);
      assert.match(page.body, /1 action is overdue/);
      const casePage = await getPage(t, later, `/cases/${caseId}/section/plan`);
      assert.match(casePage.body, /1 overdue/);
      // The Summary's "What needs doing" links to the plan.
      const summary = await getPage(t, later, `/cases/${caseId}`);
      assert.ok(
        summary.body.includes(`href="/cases/${caseId}/plan">1 plan action is overdue`),
        'what needs doing',
      );
      const timeline = await getPage(t, later, `/cases/${caseId}/section/timeline`);
      assert.match(timeline.body, /Plan action added/, 'timeline');
    } finally {
      t.clock.set(new Date('2026-06-01T09:00:00Z'));
    }

    const notAchieved = await post(clinician, caseId, `/actions/${actionId}`, {
      status: 'not_achieved',
      notAchievedReason: 'The person moved out of the area',
      ...date('dueDate', '2026-06-03'),
    });
    assert.equal(notAchieved.statusCode, 303);
    row = await db()
      .selectFrom('plan_actions')
      .selectAll()
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'not_achieved');
    assert.equal(row.not_achieved_reason, 'The person moved out of the area');
  });

  it('bad input: 400 with the input kept and nothing written', async () => {
    const { caseId } = await openCase();
    const start = await post(clinician, caseId, '', { ...date('reviewDate', '2026-05-01') });
    assert.equal(start.statusCode, 400);
    assert.match(start.body, /The review date must be today or in the future/);
    assert.match(start.body, /href="#reviewDate-day"/);
    assert.equal(
      await db().selectFrom('plans').select('id').where('case_id', '=', caseId).executeTakeFirst(),
      undefined,
    );
    await post(clinician, caseId, '', date('reviewDate', '2026-09-01'));
    const need = await post(clinician, caseId, '/needs', {
      category: 'nonsense',
      description: 'Kept text',
    });
    assert.equal(need.statusCode, 400);
    assert.match(need.body, /Select the kind of need/);
    assert.match(need.body, /Kept text/);
    const { needId } = await (async () => {
      await post(clinician, caseId, '/needs', {
        category: 'protective_factors',
        description: 'Isolated',
      });
      const n = await db()
        .selectFrom('plan_needs')
        .select('id')
        .where('plan_id', '=', await currentPlanId(caseId))
        .executeTakeFirstOrThrow();
      return { needId: n.id };
    })();
    const action = await post(clinician, caseId, `/needs/${needId}/actions`, {
      description: 'Join a football club',
      serviceType: '',
      agency: '',
      owner: 'Sam',
      'dueDate-day': '31',
      'dueDate-month': '2',
      'dueDate-year': '2026',
    });
    assert.equal(action.statusCode, 400);
    assert.match(action.body, /Select the type of service/);
    assert.match(action.body, /Enter the agency responsible/);
    assert.match(action.body, /The due date must be a real date/);
    assert.match(action.body, /value="Sam"/);
    assert.equal(
      (await db().selectFrom('plan_actions').select('id').where('need_id', '=', needId).execute())
        .length,
      0,
    );
    // A need of another case is not found.
    const other = await openCase();
    await post(clinician, other.caseId, '', date('reviewDate', '2026-09-01'));
    const wrongNeed = await post(clinician, other.caseId, `/needs/${needId}/actions`, {
      description: 'x',
      serviceType: 'housing',
      agency: 'x',
      owner: 'x',
      ...date('dueDate', '2026-07-01'),
    });
    assert.equal(wrongNeed.statusCode, 404);
  });

  it('a stale form is refused with the conflict page and nothing is written', async () => {
    const { caseId } = await openCase();
    const { actionId } = await planWithAction(caseId);
    const stale = String(Number(await caseVersion(db(), caseId)) - 1);
    const response = await postForm(t, clinician, `/cases/${caseId}/plan/actions/${actionId}`, {
      version: stale,
      status: 'done',
      notAchievedReason: '',
      ...date('dueDate', '2026-06-20'),
    });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /This case changed since you opened it/);
    const row = await db()
      .selectFrom('plan_actions')
      .select('status')
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'planned');
  });

  it('no consent, or a closed case: the page explains, and changes are refused', async () => {
    const noConsent = await openCase({ consent: null });
    const page = await getPage(t, clinician, `/cases/${noConsent.caseId}/plan`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You cannot change this plan now/);
    assert.match(page.body, /Record consent first/);
    assert.doesNotMatch(page.body, /Start the plan/);
    const form = await getPage(t, clinician, `/cases/${noConsent.caseId}/plan/new`);
    assert.match(form.body, /You cannot change this plan now/);
    assert.doesNotMatch(form.body, /action="\/cases\/[^"]+\/plan"/);
    const refused = await post(clinician, noConsent.caseId, '', date('reviewDate', '2026-09-01'));
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /Record consent first/);
    const declined = await openCase({ consent: 'declined' });
    assert.equal(
      (await post(clinician, declined.caseId, '', date('reviewDate', '2026-09-01'))).statusCode,
      409,
    );
    const closed = await openCase({ status: 'closed' });
    const closedPost = await post(clinician, closed.caseId, '', date('reviewDate', '2026-09-01'));
    assert.equal(closedPost.statusCode, 409);
    assert.match(closedPost.body, /This case is closed/);
    const plans = await db()
      .selectFrom('plans')
      .select('id')
      .where('case_id', 'in', [noConsent.caseId, declined.caseId, closed.caseId])
      .execute();
    assert.deepEqual(plans, []);
  });

  it('a review keeps the old version frozen and starts the next with the same needs and actions', async () => {
    const { caseId } = await openCase();
    const { actionId } = await planWithAction(caseId);
    await post(clinician, caseId, `/actions/${actionId}`, {
      status: 'in_progress',
      notAchievedReason: '',
      ...date('dueDate', '2026-06-20'),
    });
    const review = await post(clinician, caseId, '/review', {
      progress: 'GP appointment booked.',
      changes: 'Nothing changed.',
      ...date('nextReviewDate', '2026-12-01'),
    });
    assert.equal(review.statusCode, 303);
    const versions = await db()
      .selectFrom('plans')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('version_number')
      .execute();
    assert.equal(versions.length, 2);
    assert.ok(versions[0]!.superseded_at);
    assert.equal(versions[1]!.superseded_at, null);
    assert.equal(versions[1]!.review_date, '2026-12-01');
    const copies = await db()
      .selectFrom('plan_actions')
      .select(['plan_id', 'lineage_id', 'status'])
      .where(
        'plan_id',
        'in',
        versions.map((v) => v.id),
      )
      .execute();
    assert.equal(copies.length, 2);
    assert.equal(copies[0]!.lineage_id, copies[1]!.lineage_id);
    assert.ok(copies.every((c) => c.status === 'in_progress'));

    // The old version is frozen in the database itself.
    await assert.rejects(
      sql`UPDATE plan_actions SET status = 'done' WHERE id = ${actionId}`.execute(db()),
      /superseded/,
    );
    await assert.rejects(
      sql`UPDATE plans SET review_date = '2027-01-01' WHERE id = ${versions[0]!.id}`.execute(db()),
      /superseded/,
    );
    // And the old action can no longer be updated through the page.
    const old = await post(clinician, caseId, `/actions/${actionId}`, {
      status: 'done',
      notAchievedReason: '',
      ...date('dueDate', '2026-06-20'),
    });
    assert.equal(old.statusCode, 404);

    const v1 = await getPage(t, clinician, `/cases/${caseId}/plan/versions/1`);
    assert.equal(v1.statusCode, 200);
    assert.match(v1.body, /closed by a plan review/);
    assert.match(v1.body, /GP appointment booked/);
    assert.doesNotMatch(v1.body, /plan\/actions\//, 'no update links on a frozen version');
    assert.equal((await getPage(t, clinician, `/cases/${caseId}/plan/versions/9`)).statusCode, 404);
    const plan = await getPage(t, clinician, `/cases/${caseId}/plan`);
    assert.match(plan.body, /Review of version 1/);
    assert.match(plan.body, /Version 2/);
    const timeline = await getPage(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.match(timeline.body, /Intervention plan reviewed/);
    assert.equal(
      (timeline.body.match(/Plan action added/g) ?? []).length,
      1,
      'one event per action',
    );
  });

  it('addPlanAction adds a meeting action inside the caller transaction, and refuses without consent', async () => {
    const { caseId } = await openCase();
    const actor = { userId: clinician.userId, role: 'clinician', hubId: null, requestId: 'test' };
    const refusedNoPlan = await db()
      .transaction()
      .execute((trx) =>
        addPlanAction(
          { trx, clock: t.clock },
          {
            actor,
            caseId,
            action: {
              need: { category: 'mental_health_safeguarding', description: 'Crisis plan' },
              description: 'Share crisis contacts',
              serviceType: 'crisis_care',
              agency: 'Crisis team',
              owner: 'Duty worker',
              dueDate: '2026-06-10',
              source: 'meeting',
            },
          },
        ),
      );
    assert.equal(refusedNoPlan.ok, false);
    await post(clinician, caseId, '', date('reviewDate', '2026-09-01'));
    const version = await caseVersion(db(), caseId);
    const added = await db()
      .transaction()
      .execute((trx) =>
        addPlanAction(
          { trx, clock: t.clock },
          {
            actor,
            caseId,
            action: {
              need: { category: 'mental_health_safeguarding', description: 'Crisis plan' },
              description: 'Share crisis contacts',
              serviceType: 'crisis_care',
              agency: 'Crisis team',
              owner: 'Duty worker',
              dueDate: '2026-06-10',
              source: 'meeting',
            },
          },
        ),
      );
    assert.ok(added.ok);
    assert.equal(await caseVersion(db(), caseId), version, 'the caller moves the version');
    const row = await db()
      .selectFrom('plan_actions')
      .selectAll()
      .where('id', '=', added.actionId)
      .executeTakeFirstOrThrow();
    assert.equal(row.source, 'meeting');
    assert.equal(row.service_type, 'crisis_care');
    const audit = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', added.actionId)
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['collection'],
    );
    const page = await getPage(t, clinician, `/cases/${caseId}/plan`);
    assert.match(page.body, /A multi-agency meeting/);

    const withdrawn = await openCase({ consent: 'declined' });
    const refused = await db()
      .transaction()
      .execute((trx) =>
        addPlanAction(
          { trx, clock: t.clock },
          {
            actor,
            caseId: withdrawn.caseId,
            action: {
              need: { category: 'access_to_services', description: 'x' },
              description: 'x',
              serviceType: 'housing',
              agency: 'x',
              owner: 'x',
              dueDate: '2026-06-10',
            },
          },
        ),
      );
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.reason, /declined consent/);
  });

  it('Due and overdue: the clinician sees their allocated cases, the hub lead the whole hub', async () => {
    const mine = await openCase();
    await planWithAction(mine.caseId, clinician, '2026-05-25');
    // A case of the hub not allocated to the clinician, planned by the hub lead.
    const { caseId: notMine } = await insertCase(db(), {
      hubCode: 'WM',
      requestedBy: officer.userId,
      givenName: 'Unallocated',
      familyName: 'Person',
    });
    await db()
      .insertInto('consents')
      .values({
        case_id: notMine,
        status: 'given',
        method: 'written',
        decided_at: t.clock.now(),
        recorded_by: lead.userId,
        recorded_at: t.clock.now(),
      })
      .execute();
    await planWithAction(notMine, lead, '2026-05-30');

    const list = await getPage(t, clinician, '/plans/due');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Due and overdue/);
    assert.match(list.body, /Register with a GP/);
    assert.match(list.body, /Overdue/);
    assert.doesNotMatch(list.body, /Unallocated Person/);
    assert.doesNotMatch(list.body, /Whole hub/, 'no hub tab for a clinician');
    const hubList = await getPage(t, clinician, '/plans/due?scope=hub');
    assert.doesNotMatch(hubList.body, /Unallocated Person/, 'a clinician cannot ask for the hub');

    const leadList = await getPage(t, lead, '/plans/due');
    assert.match(leadList.body, /Unallocated Person/);
    assert.match(leadList.body, /Whole hub/);
    assert.match(leadList.body, /7 days late/);
    const otherHub = await getPage(t, otherHubLead, '/plans/due');
    assert.doesNotMatch(otherHub.body, /Register with a GP/);
    assert.match(otherHub.body, /Nothing is overdue/);

    const home = await getPage(t, lead, '/home');
    assert.match(home.body, /href="\/plans\/due"/);
    const audit = await db()
      .selectFrom('audit_events')
      .select('detail')
      .where('subject_type', '=', 'plan_due_list')
      .where('actor_user_id', '=', lead.userId)
      .execute();
    assert.ok(audit.length >= 1);
  });

  it('the Due and overdue list is paginated', async () => {
    const solo = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    for (let i = 0; i < 13; i += 1) {
      const { caseId } = await insertCase(db(), { hubCode: 'WM', requestedBy: officer.userId });
      await db()
        .insertInto('allocations')
        .values({
          case_id: caseId,
          clinician_id: solo.userId,
          role: 'lead',
          allocated_from: t.clock.now(),
          allocated_by: lead.userId,
        })
        .execute();
      await db()
        .insertInto('consents')
        .values({
          case_id: caseId,
          status: 'given',
          method: 'verbal',
          decided_at: t.clock.now(),
          recorded_by: solo.userId,
          recorded_at: t.clock.now(),
        })
        .execute();
      // A review overdue and one action due: two items per case.
      await post(solo, caseId, '', date('reviewDate', '2026-06-05'));
      await post(solo, caseId, '/needs', { category: 'access_to_services', description: 'Need' });
      const need = await db()
        .selectFrom('plan_needs')
        .select('id')
        .where('plan_id', '=', await currentPlanId(caseId))
        .executeTakeFirstOrThrow();
      await post(solo, caseId, `/needs/${need.id}/actions`, {
        description: `Action ${i}`,
        serviceType: 'housing',
        agency: 'Housing',
        owner: 'Owner',
        ...date('dueDate', '2026-06-02'),
      });
    }
    const first = await getPage(t, solo, '/plans/due');
    assert.match(first.body, /26 items/);
    assert.match(first.body, /govuk-pagination/);
    const second = await getPage(t, solo, '/plans/due?page=2');
    assert.equal((second.body.match(/<tr class="govuk-table__row">/g) ?? []).length - 1, 1);
    const beyond = await getPage(t, solo, '/plans/due?page=9');
    assert.equal(beyond.statusCode, 200);
    assert.match(beyond.body, /There is nothing on this page/);
  });

  it('an action carries its own version: other saves on the case do not conflict, two edits of it do', async () => {
    const { caseId } = await openCase();
    const { actionId } = await planWithAction(caseId);
    const form = await getPage(t, clinician, `/cases/${caseId}/plan/actions/${actionId}`);
    const opened = /name="version" value="(\d+)"/.exec(form.body)?.[1];
    assert.equal(opened, '1');
    // An unrelated save on the case: a liaison contact.
    const before = await caseVersion(db(), caseId);
    const contact = await postForm(t, clinician, `/cases/${caseId}/liaison`, {
      version: before,
      'contactDate-day': '28',
      'contactDate-month': '5',
      'contactDate-year': '2026',
      agencyType: 'gp_primary_care',
      organisation: 'Ladywood Health Centre',
      direction: 'outgoing',
      purpose: 'care_coordination',
      summary: 'Asked the GP to review medication.',
      onBehalf: 'yes',
      consentCovers: 'yes',
    });
    assert.equal(contact.statusCode, 303);
    assert.notEqual(await caseVersion(db(), caseId), before);
    const edit = (status: string) =>
      postForm(t, clinician, `/cases/${caseId}/plan/actions/${actionId}`, {
        version: opened,
        status,
        notAchievedReason: '',
        ...date('dueDate', '2026-06-20'),
      });
    const first = await edit('in_progress');
    assert.equal(first.statusCode, 303, 'not a conflict: the contact did not touch the action');
    // A second edit from a form opened at the same version: the conflict page.
    const second = await edit('done');
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /This case changed since you opened it/);
    const row = await db()
      .selectFrom('plan_actions')
      .select(['status', 'version'])
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'in_progress');
    assert.equal(row.version, 2);
  });

  it('who may not: case officers, police leads, other roles get 403; other hubs 404; no plan content', async () => {
    const { caseId } = await openCase();
    const { needId, actionId } = await planWithAction(caseId);
    const paths = [
      '',
      '/new',
      '/needs/new',
      `/needs/${needId}/actions/new`,
      `/actions/${actionId}`,
      '/review',
      '/versions/1',
    ];
    const posts = ['', '/needs', `/needs/${needId}/actions`, `/actions/${actionId}`, '/review'];
    const policeLead = await signIn(t, { roles: ['police_lead'], hubCodes: ['WM'] });
    const analyst = await signIn(t, { roles: ['analyst'], hubCodes: ['WM'] });
    const ig = await signIn(t, { roles: ['ig_officer'], hubCodes: ['WM'] });
    const admin = await signIn(t, { roles: ['admin'], hubCodes: ['WM'] });
    for (const who of [officer, policeLead, analyst, ig, admin]) {
      for (const path of paths) {
        const r = await getPage(t, who, `/cases/${caseId}/plan${path}`);
        assert.equal(r.statusCode, 403, path);
        assert.ok(!r.body.includes('CANARY'));
      }
      for (const path of posts) {
        assert.equal((await post(who, caseId, path, { description: 'x' })).statusCode, 403, path);
      }
      const due = await getPage(t, who, '/plans/due');
      assert.equal(due.statusCode, 403);
    }
    for (const who of [otherHubClinician, otherHubLead]) {
      for (const path of paths) {
        const r = await getPage(t, who, `/cases/${caseId}/plan${path}`);
        assert.equal(r.statusCode, 404, path);
        assert.ok(!r.body.includes('CANARY'));
      }
      for (const path of posts) {
        assert.equal((await post(who, caseId, path, { description: 'x' })).statusCode, 404, path);
      }
    }
    const denials = await db()
      .selectFrom('audit_events')
      .select('actor_user_id')
      .where('action', '=', 'denial')
      .where('subject_id', '=', caseId)
      .execute();
    assert.ok(denials.some((d) => d.actor_user_id === otherHubLead.userId));
    // A clinician of the hub not allocated is asked for a reason to read, and may not change.
    const unallocated = await getPage(t, otherClinician, `/cases/${caseId}/plan`);
    assert.equal(unallocated.statusCode, 302);
    assert.equal(unallocated.headers.location, `/cases/${caseId}/reason`);
    assert.equal(
      (await postForm(t, otherClinician, `/cases/${caseId}/reason`, { reason: 'Covering leave' }))
        .statusCode,
      302,
    );
    const withReason = await getPage(t, otherClinician, `/cases/${caseId}/plan`);
    assert.equal(withReason.statusCode, 200);
    assert.doesNotMatch(withReason.body, /Add a need/);
    assert.equal(
      (
        await post(otherClinician, caseId, '/needs', {
          category: 'access_to_services',
          description: 'x',
        })
      ).statusCode,
      403,
    );
    // The officer's own request page shows none of it.
    const request = await getPage(t, officer, `/requests/${caseId}`);
    assert.equal(request.statusCode, 200);
    assert.ok(!request.body.includes('CANARY'));
    assert.ok(!request.body.includes('Register with a GP'));
  });
});

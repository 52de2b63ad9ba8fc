import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { hubId, signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';

/** The "Waiting for you" links of a home page: text → href. */
function waitingOf(html: string): Record<string, string> {
  const start = html.indexOf('Waiting for you');
  if (start < 0) return {};
  const list = html.slice(start, html.indexOf('</ul>', start));
  return Object.fromEntries(
    [...list.matchAll(/<a class="govuk-link" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [
      m[2]!.replace(/&amp;/g, '&'),
      m[1]!.replace(/&amp;/g, '&'),
    ]),
  );
}

const at = new Date('2026-05-25T10:00:00Z');

async function submittedFormulation(db: Kysely<DB>, caseId: string, authorId: string) {
  await db
    .insertInto('formulations')
    .values({
      case_id: caseId,
      template_id: 'five_ps',
      template_version: '1',
      author_id: authorId,
      created_at: at,
      updated_at: at,
      version_number: 1,
      status: 'submitted',
      submitted_by: authorId,
      submitted_at: at,
    })
    .execute();
}

describe('home page: what waits for each role', () => {
  let t: TestApp;
  let db: Kysely<DB>;
  let officer: SignedIn;
  let clinician: SignedIn;
  let lead: SignedIn;
  let senior: SignedIn;
  let otherLead: SignedIn;
  let ig: SignedIn;
  let analyst: SignedIn;
  let adviceCase: string;

  before(async () => {
    t = await testApp();
    db = t.database.db;
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    senior = await signIn(t, { roles: ['senior_clinician'], hubCodes: ['WM'] });
    otherLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
    ig = await signIn(t, { roles: ['ig_officer'] });
    analyst = await signIn(t, { roles: ['analyst'] });
    const requestedBy = officer.userId;
    const wm = await hubId(db, 'WM');

    // Triage: one urgent, one routine.
    const urgent = await insertCase(db, { hubCode: 'WM', requestedBy, status: 'awaiting_triage' });
    await db
      .updateTable('cases')
      .set({ urgency: 'urgent' })
      .where('id', '=', urgent.caseId)
      .execute();
    await insertCase(db, { hubCode: 'WM', requestedBy, status: 'awaiting_triage' });
    // To allocate: three.
    for (let i = 0; i < 3; i += 1) {
      await insertCase(db, { hubCode: 'WM', requestedBy, status: 'awaiting_allocation' });
    }
    // Approvals: a closure asked by the clinician, a formulation by the clinician, one by the
    // hub lead (never theirs to sign off), a disclosure decided by the clinician.
    const closing = await insertCase(db, {
      hubCode: 'WM',
      requestedBy,
      status: 'closure_requested',
    });
    await db
      .insertInto('closure_requests')
      .values({
        case_id: closing.caseId,
        requested_by: clinician.userId,
        requested_at: at,
        outcome: 'completed',
        summary: 'Summary',
        closing_notes: 'Notes',
      })
      .execute();
    const open = await insertCase(db, { hubCode: 'WM', requestedBy, status: 'open' });
    adviceCase = open.caseId;
    await allocate(db, { caseId: open.caseId, clinicianId: clinician.userId, byId: lead.userId });
    await submittedFormulation(db, open.caseId, clinician.userId);
    const second = await insertCase(db, { hubCode: 'WM', requestedBy, status: 'open' });
    await submittedFormulation(db, second.caseId, lead.userId);
    await db
      .insertInto('disclosures')
      .values({
        case_id: open.caseId,
        hub_id: wm,
        direction: 'health_to_police',
        status: 'awaiting_approval',
        purpose: 'Purpose',
        legal_basis: 'prevent_duty',
        necessity: 'Necessary',
        consent: 'not_sought',
        consent_note: 'Not sought',
        person_told: 'yes',
        needs_approval: true,
        created_by: clinician.userId,
        created_at: at,
        updated_at: at,
        decided_by: clinician.userId,
        decided_at: at,
        decider_step_up_at: at,
      })
      .execute();
    // Overdue (today is 1 June 2026): an action and the review; an action due later is not.
    const plan = await db
      .insertInto('plans')
      .values({
        case_id: open.caseId,
        version_number: 1,
        review_date: '2026-05-15',
        created_by: clinician.userId,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const need = await db
      .insertInto('plan_needs')
      .values({
        plan_id: plan.id,
        lineage_id: randomUUID(),
        position: 1,
        category: 'access_to_services',
        description: 'Registered with a GP',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [position, due] of [
      [1, '2026-05-01'],
      [2, '2026-07-01'],
    ] as const) {
      await db
        .insertInto('plan_actions')
        .values({
          plan_id: plan.id,
          need_id: need.id,
          lineage_id: randomUUID(),
          position,
          description: 'Register with a GP',
          service_type: 'mental_health',
          agency: 'GP practice',
          owner: 'Lead practitioner',
          due_date: due,
          created_by: clinician.userId,
          created_at: at,
          updated_by: clinician.userId,
          updated_at: at,
        })
        .execute();
    }
    // Advice for the officer, and a closed request waiting for their feedback.
    await db
      .insertInto('advice')
      .values({
        case_id: open.caseId,
        author_id: clinician.userId,
        body: 'Advice',
        given_at: '2026-05-25',
        created_at: at,
      })
      .execute();
    const closed = await insertCase(db, { hubCode: 'WM', requestedBy, status: 'closed' });
    const request = await db
      .insertInto('closure_requests')
      .values({
        case_id: closed.caseId,
        requested_by: clinician.userId,
        requested_at: at,
        outcome: 'completed',
        summary: 'Summary',
        closing_notes: 'Notes',
        decision: 'approved',
        decided_by: lead.userId,
        decided_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('closure_summaries')
      .values({
        case_id: closed.caseId,
        closure_request_id: request.id,
        outcome: 'completed',
        summary: 'Summary',
        approved_by: lead.userId,
        approved_at: at,
      })
      .execute();
    // A reason given this week for opening a case outside allocation.
    await db
      .insertInto('case_access_reasons')
      .values({
        case_id: second.caseId,
        user_id: clinician.userId,
        session_id: randomUUID(),
        reason: 'Covering a colleague',
        recorded_at: new Date('2026-05-30T10:00:00Z'),
      })
      .execute();
  });
  after(() => t?.close());

  const home = async (who: SignedIn) => {
    const page = await getPage(t, who, '/home');
    assert.equal(page.statusCode, 200);
    return page.body;
  };

  test('the heading is "Your work" with the name as caption, never "Signed in as"', async () => {
    const body = await home(clinician);
    assert.match(body, /<h1 class="govuk-heading-l">Your work<\/h1>/);
    assert.match(body, new RegExp(`<span class="govuk-caption-l">${clinician.user.name}</span>`));
  });

  test('hub lead: urgent, to triage, to allocate, approvals (not their own), overdue', async () => {
    assert.deepEqual(waitingOf(await home(lead)), {
      'Urgent requests (1)': '/triage',
      'Requests to triage (2)': '/triage',
      'Cases to allocate (3)': '/cases?tab=unallocated',
      'Approvals waiting (3)': '/approvals',
      'Overdue actions and reviews (2)': '/plans/due',
    });
  });

  test('a hub lead of another hub sees 0 of each', async () => {
    assert.deepEqual(waitingOf(await home(otherLead)), {
      'Urgent requests (0)': '/triage',
      'Requests to triage (0)': '/triage',
      'Cases to allocate (0)': '/cases?tab=unallocated',
      'Approvals waiting (0)': '/approvals',
      'Overdue actions and reviews (0)': '/plans/due',
    });
  });

  test('clinician: triage and their own overdue items', async () => {
    assert.deepEqual(waitingOf(await home(clinician)), {
      'Urgent requests (1)': '/triage',
      'Requests to triage (2)': '/triage',
      'Overdue actions and reviews (2)': '/plans/due',
    });
  });

  test('senior clinician: both formulations waiting (neither is theirs)', async () => {
    assert.deepEqual(waitingOf(await home(senior)), { 'Approvals waiting (2)': '/approvals' });
  });

  test('IG officer: reasons given for opening cases this week', async () => {
    assert.deepEqual(waitingOf(await home(ig)), {
      'Cases opened with a reason in the last 7 days (1)': '/audit/access-reasons',
    });
  });

  test('analyst: nothing waits, the links remain', async () => {
    const body = await home(analyst);
    assert.deepEqual(waitingOf(body), {});
    assert.match(body, /href="\/statistics"/);
  });

  test('case officer: new advice until they open the request, and feedback to give', async () => {
    assert.deepEqual(waitingOf(await home(officer)), {
      'New advice (1)': '/requests',
      'Closed requests waiting for your feedback (1)': '/requests',
    });
    const opened = await getPage(t, officer, `/requests/${adviceCase}`);
    assert.equal(opened.statusCode, 200);
    t.clock.advance(1000);
    assert.equal(waitingOf(await home(officer))['New advice (0)'], '/requests');
  });

  test('the counts write no audit row (they name no case or person)', async () => {
    await home(lead);
    const rows = await db
      .selectFrom('audit_events')
      .select('subject_type')
      .where('actor_user_id', '=', lead.userId)
      .where('action', '=', 'consultation')
      .execute();
    assert.deepEqual(rows, []);
  });
});

describe('approvals page', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t?.close());

  test('a hub lead sees the three sections; a senior clinician only formulations', async () => {
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const senior = await signIn(t, { roles: ['senior_clinician'], hubCodes: ['WM'] });
    const leadPage = await getPage(t, lead, '/approvals');
    assert.equal(leadPage.statusCode, 200);
    for (const heading of [
      'Formulations to sign off',
      'Disclosures to approve',
      'Closures to approve',
    ])
      assert.ok(leadPage.body.includes(heading), heading);
    const seniorPage = await getPage(t, senior, '/approvals');
    assert.equal(seniorPage.statusCode, 200);
    assert.ok(seniorPage.body.includes('Formulations to sign off'));
    assert.ok(!seniorPage.body.includes('Closures to approve'));
  });

  test('a clinician may not open it', async () => {
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    assert.equal((await getPage(t, clinician, '/approvals')).statusCode, 403);
  });
});

describe('navigation on every page', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(() => t?.close());

  const navOf = (html: string) =>
    [
      ...html.matchAll(
        /class="govuk-service-navigation__link" href="([^"]+)"[^>]*>\s*(?:<strong[^>]*>)?([^<]+)/g,
      ),
    ].map((m) => `${m[2]!.trim()} ${m[1]!}`);

  test('a hub lead on a case list has the hub lead items, My cases current', async () => {
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const page = await getPage(t, lead, '/cases');
    const items = navOf(page.body);
    assert.ok(items.includes('To allocate /cases?tab=unallocated'), items.join(', '));
    assert.ok(items.includes('Approvals /approvals'));
    assert.ok(items.includes('Triage /triage'));
    assert.match(page.body, /href="\/cases" aria-current="page"/);
  });

  test('an officer has my requests and new request; signed out, only sign in', async () => {
    const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const items = navOf((await getPage(t, officer, '/home')).body);
    assert.ok(items.includes('My requests /requests'), items.join(', '));
    assert.ok(items.includes('New request /requests/new'));
    assert.ok(!items.some((i) => i.startsWith('Triage')));
    const out = await t.app.inject({ method: 'GET', url: '/accessibility' });
    assert.deepEqual(navOf(out.body), ['Sign in /sign-in']);
  });
});

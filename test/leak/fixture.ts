import { historyVersion } from '../../src/features/consent/service.ts';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createDraft, findDraft, saveSection } from '../../src/features/requests/drafts.ts';
import {
  decideApproval,
  saveDraft,
  submitDisclosure,
  withdrawDisclosure,
} from '../../src/features/disclosures/service.ts';
import { itemKey } from '../../src/features/disclosures/sources/index.ts';
import { submitRequest } from '../../src/features/requests/submit.ts';
import { storeDocument } from '../../src/features/documents/store.ts';
import { tinyPdf } from '../../src/features/documents/samples.ts';
import type { TestApp } from '../support/app.ts';
import { createUser, hubId, signIn, signInAs, type SignedIn } from '../support/auth.ts';
import {
  fillEmptyHealthTables,
  paintCanaries,
  type CanaryRegistry,
  type FilledTables,
} from '../support/canaries.ts';
import { principalOf } from '../support/disclosures.ts';
import { caseVersion, getPage, postForm } from '../support/journey.ts';
import { contactsAndNotes } from './fixture-contacts.ts';
import { externalDisclosure } from './fixture-external.ts';
import { subjectAccessRequest } from './fixture-subject-access.ts';
import { completeAnswers } from '../support/requests.ts';

/**
 * A hub full of casework for the boundary crawl, made by the real pages as the people who do
 * the work (triage, allocation, consent, lawful basis, advice, police update, closure request,
 * return and approval, feedback), then every health text column painted with a canary.
 * Text typed into health-only fields carries `CANARY-typed-…` too: if a service copied it into
 * a table outside the health compartment, painting would not replace it and the crawl finds it.
 */

export interface Fixture {
  registry: CanaryRegistry;
  /** Health tables given a made-up row because the journey made none. */
  filled: FilledTables;
  /** West Midlands cases worked through the pages, by what happened to them. */
  cases: Record<
    'closed' | 'open' | 'declined' | 'urgent' | 'adviceOnly' | 'awaiting' | 'otherHub',
    string
  >;
  /** Cases of the other hub (North West) and the filler cases that make lists paginate. */
  otherHubCaseIds: string[];
  fillerCaseIds: string[];
  /** A subject access request of the open case's person, gathered, not reviewed. */
  subjectAccessRequestId: string;
  people: {
    officer: SignedIn;
    otherHubOfficer: SignedIn;
    clinician: SignedIn;
    leadA: SignedIn;
    leadB: SignedIn;
    nwClinician: SignedIn;
    nwLead: SignedIn;
  };
  /** A user nobody else needs: admin routes that act on a user get this one's id. */
  bystanderId: string;
  /**
   * Disclosure decisions of the open case, each naming the requesting officer and releasing
   * health items: one waiting for approval and one refused (nothing released), one withdrawn
   * (released, then withdrawn: its copies keep their text, recipients see only that). A draft
   * is left too.
   */
  disclosures: Record<'awaiting' | 'refused' | 'withdrawn', string>;
}

const typed = (field: string) => `CANARY-typed-${field}`;

const expectStatus = async (
  response: Promise<{ statusCode: number; body: string }>,
  expected: number[],
  what: string,
) => {
  const r = await response;
  const title = /<title>([^<]*)<\/title>/.exec(r.body)?.[1] ?? '';
  const errors = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(r.body)?.[1] ?? '';
  assert.ok(
    expected.includes(r.statusCode),
    `${what}: ${r.statusCode} ${title} ${errors.replace(/<[^>]+>|\s+/g, ' ')}`,
  );
};

/** A request submitted through the requests service by this signed-in officer. */
async function submitAs(t: TestApp, officer: SignedIn, hubCode: string): Promise<string> {
  const who = { userId: officer.userId, hubIds: [await hubId(t.database.db, hubCode)] };
  const answers = completeAnswers({
    concerns: {
      concernsSeen: 'Withdrawn at college, police-side account',
      supportReason: 'Advice on engagement',
      gpPractice: null,
      mentalHealthTeam: null,
    },
  });
  const draftId = await createDraft(t.database.db, t.clock, who);
  for (const section of ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const) {
    assert.ok(
      await saveSection(
        { db: t.database.db, clock: t.clock },
        { officer: who, draftId, section, value: answers[section] },
      ),
    );
  }
  const draft = await findDraft(t.database.db, t.clock, who, draftId);
  const result = await submitRequest(t.database.db, t.clock, who, {
    draftId,
    idempotencyKey: draft!.idempotencyKey,
    requestId: null,
  });
  assert.equal(result.outcome, 'created');
  if (result.outcome !== 'created') throw new Error('not created');
  return result.caseId;
}

export async function buildFixture(t: TestApp): Promise<Fixture> {
  const started = Date.now();
  const lap = (what: string) => process.env.LEAK_TIMING && console.log(what, Date.now() - started);
  const { db } = t.database;
  const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  const otherHubOfficer = await signIn(t, { roles: ['case_officer'], hubCodes: ['NW'] });
  const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  const leadA = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  const leadB = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  const nwClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
  const nwLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
  const bystander = await createUser(db, { roles: ['analyst'] });
  lap('users');

  const version = (caseId: string) => caseVersion(db, caseId);
  const triage = async (who: SignedIn, caseId: string, fields: Record<string, string>) => {
    await expectStatus(
      postForm(t, who, `/triage/${caseId}`, { version: await version(caseId), ...fields }),
      [302, 303],
      'triage',
    );
  };
  const allocate = async (lead: SignedIn, caseId: string, to: SignedIn) => {
    await expectStatus(
      postForm(t, lead, `/cases/${caseId}/allocation`, {
        lead: to.userId,
        version: await version(caseId),
      }),
      [302, 303],
      'allocation',
    );
  };
  const consent = async (who: SignedIn, caseId: string, fields: Record<string, string>) => {
    await expectStatus(
      postForm(t, who, `/cases/${caseId}/consent`, {
        'decidedAt-day': '31',
        'decidedAt-month': '5',
        'decidedAt-year': '2026',
        'decidedAt-time': '10:00',
        version: String(await historyVersion(db, 'consents', caseId)),
        ...fields,
      }),
      [302, 303],
      'consent',
    );
  };
  const lawfulBasis = async (who: SignedIn, caseId: string) => {
    const response = t.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/lawful-basis`,
      headers: { cookie: who.cookie },
      payload: {
        _csrf: who.csrfToken,
        codes: ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_h'],
        version: String(await historyVersion(db, 'lawful_bases', caseId)),
      },
    });
    await expectStatus(response, [302, 303], 'lawful basis');
  };
  const advise = async (who: SignedIn, caseId: string, body: string) => {
    await expectStatus(
      postForm(t, who, `/cases/${caseId}/advice`, {
        version: await version(caseId),
        title: 'Advice to the case officer',
        body,
        'givenAt-day': '1',
        'givenAt-month': '6',
        'givenAt-year': '2026',
        confirm: 'yes',
      }),
      [302, 303],
      'advice',
    );
  };
  const requestClosure = async (who: SignedIn, caseId: string, notes: string) => {
    await expectStatus(
      postForm(t, who, `/cases/${caseId}/closure`, {
        version: await version(caseId),
        outcome: 'diverted_mainstream_mental_health',
        summary: 'The person now sees their GP; shared with the case officer on approval.',
        closingNotes: notes,
        confirm: 'yes',
      }),
      [302, 303],
      'closure request',
    );
  };

  // A case worked from request to closure and feedback.
  const closed = await submitAs(t, officer, 'WM');
  await triage(clinician, closed, { decision: 'accept', rationale: typed('triage-rationale') });
  await allocate(leadA, closed, clinician);
  await consent(clinician, closed, {
    status: 'given',
    method: 'verbal',
    note: typed('consent-note'),
  });
  await lawfulBasis(clinician, closed);
  await advise(clinician, closed, 'Keep contact brief and predictable.');
  await expectStatus(
    postForm(t, officer, `/requests/${closed}/updates`, {
      version: await version(closed),
      body: 'Police update: the person moved address.',
    }),
    [302, 303],
    'police update',
  );
  // Its author answers a correction request on it: police content, restricted (police table).
  const update = await t.database.db
    .selectFrom('police_updates')
    .select('id')
    .where('case_id', '=', closed)
    .executeTakeFirstOrThrow();
  await expectStatus(
    postForm(t, officer, `/requests/${closed}/rectify/police_update/${update.id}`, {
      version: '1',
      ...dateFields('requestedOn', '2026-05-29'),
      request: 'The person says they did not move.',
      outcome: 'annotated',
      annotation: 'Stands as the officer was told.',
    }),
    [302, 303],
    'police update annotated',
  );
  await requestClosure(clinician, closed, typed('closing-notes'));
  await expectStatus(
    postForm(t, leadB, `/closures/${closed}/approve`, { version: await version(closed) }),
    [302, 303],
    'closure approval',
  );
  await expectStatus(
    postForm(t, officer, `/requests/${closed}/feedback`, {
      confidence: '4',
      comment: 'Useful advice, thank you.',
    }),
    [302, 303],
    'feedback',
  );

  // An open case: consent by best interests, a closure sent back with a reason, a formulation.
  const open = await submitAs(t, officer, 'WM');
  await triage(clinician, open, { decision: 'accept', rationale: typed('triage-rationale-2') });
  await allocate(leadA, open, clinician);
  await consent(clinician, open, {
    status: 'lacks_capacity_best_interests',
    bestInterestsBy: typed('best-interests-by'),
    note: typed('consent-note-2'),
  });
  await lawfulBasis(clinician, open);
  await advise(clinician, open, 'Offer a GP appointment with an interpreter.');
  await requestClosure(clinician, open, typed('closing-notes-2'));
  await expectStatus(
    postForm(t, leadB, `/closures/${open}/return`, {
      version: await version(open),
      reason: typed('return-reason'),
    }),
    [302, 303],
    'closure return',
  );
  await insertFormulations(t, open, clinician.userId, leadA.userId);
  await planWork(t, open, clinician);
  await liaisonAndMeeting(t, open, clinician);
  await contactsAndNotes(t, open, clinician);
  await externalDisclosure(t, open, clinician);
  // A letter to the GP saved to the case's health documents as a PDF (issue 13): what was typed
  // into it is a canary the crawl can find only by reading the PDF's text.
  await expectStatus(
    postForm(t, clinician, `/cases/${open}/letters/gp-after-assessment`, {
      recipientName: typed('letter-recipient'),
      recipientAddress: typed('letter-address'),
      findings: typed('letter-findings'),
      recommendations: typed('letter-recommendations'),
      action: 'save',
    }),
    [303],
    'letter saved to documents',
  );
  // An uploaded document of the health record: a canary inside the PDF's text only.
  await t.database.db.transaction().execute(async (trx) =>
    storeDocument(
      trx,
      t.clock,
      { userId: clinician.userId, role: 'clinician', hubId: null, requestId: null },
      {
        caseId: open,
        compartment: 'health',
        title: 'Uploaded report',
        kind: 'report',
        mime: 'application/pdf',
        bytes: await tinyPdf([typed('document-pdf-text')]),
        source: 'upload',
      },
    ),
  );
  await draftDisclosure(t, open, clinician);
  const disclosures = await decidedDisclosures(t, open, clinician, leadA);

  const declined = await submitAs(t, officer, 'WM');
  await triage(clinician, declined, {
    decision: 'decline',
    rationale: typed('decline-rationale'),
    signposting: typed('signposting'),
  });
  const urgent = await submitAs(t, officer, 'WM');
  await triage(clinician, urgent, {
    decision: 'urgent',
    rationale: typed('urgent-rationale'),
    divertedTo: typed('diverted-to'),
    'divertedAt-day': '1',
    'divertedAt-month': '6',
    'divertedAt-year': '2026',
    'divertedAt-time': '08:00',
  });
  const adviceOnly = await submitAs(t, officer, 'WM');
  await triage(clinician, adviceOnly, {
    decision: 'advice_only',
    rationale: typed('advice-only-rationale'),
  });
  await advise(clinician, adviceOnly, 'Speak to the school nurse.');
  // Left pending, so the hub lead's closure review shows its notes.
  await requestClosure(clinician, adviceOnly, typed('closing-notes-3'));
  const awaiting = await submitAs(t, officer, 'WM');

  // The other hub's case, worked by its own clinicians.
  const otherHub = await submitAs(t, otherHubOfficer, 'NW');
  await triage(nwClinician, otherHub, { decision: 'accept', rationale: typed('nw-rationale') });
  await allocate(nwLead, otherHub, nwClinician);
  await consent(nwClinician, otherHub, {
    status: 'given',
    method: 'written',
    note: typed('nw-consent-note'),
  });

  lap('cases');
  // Enough further requests that every list (20 or 25 a page) has a second page.
  const fillerCaseIds: string[] = [];
  for (let i = 0; i < 26; i += 1) {
    fillerCaseIds.push(await submitAs(t, officer, 'WM'));
  }

  // Sanity: the health view shows what was typed, before painting.
  const before = await getPage(t, leadA, `/cases/${open}`);
  assert.equal(before.statusCode, 200);

  lap('fillers');
  // A subject access request of the open case's person, gathered (its items copy the record).
  const subjectAccessRequestId = await subjectAccessRequest(t, open);
  // Health tables the journey above made no rows for (a capability newer than this file): the
  // boundary test fails if one refuses a made-up row, and names those given one.
  const filled = await fillEmptyHealthTables(t.database, {
    caseId: open,
    userId: clinician.userId,
    now: t.clock.now(),
  });
  const registry = await paintCanaries(t.database);
  lap('painted');
  return {
    registry,
    filled,
    cases: { closed, open, declined, urgent, adviceOnly, awaiting, otherHub },
    otherHubCaseIds: [otherHub],
    fillerCaseIds,
    subjectAccessRequestId,
    people: { officer, otherHubOfficer, clinician, leadA, leadB, nwClinician, nwLead },
    bystanderId: bystander.id,
    disclosures,
  };
}

/**
 * Formulations straight into their tables, with the shipped template's id and codes
 * (config/instruments/01-vss-structured-formulation.json, src/domain/reference/assessment.ts):
 * a signed-off first version and a draft review, with factor ratings and scenarios.
 */
async function insertFormulations(
  t: TestApp,
  caseId: string,
  authorId: string,
  signerId: string,
): Promise<void> {
  const exists = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name = 'formulations'`.execute(t.database.db);
  if (exists.rows[0]!.n === 0) return;
  const { db } = t.database;
  const now = t.clock.now();
  const first = randomUUID();
  const second = randomUUID();
  await sql`INSERT INTO formulations (id, case_id, version_number, status, template_id,
      template_version, author_id, presenting, predisposing, precipitating, perpetuating,
      protective, primary_vulnerability, presentations, presentation_other, mainstream_relation,
      additional_needs, created_at, updated_at)
    VALUES (${first}, ${caseId}, 1, 'draft', 'vss-structured-formulation', '1.0', ${authorId},
      'Presenting', 'Predisposing', 'Precipitating', 'Perpetuating', 'Protective',
      'diagnosable_mental_illness', '["anxiety", "other"]'::jsonb, 'Other presentation',
      'currently_known', '["housing"]'::jsonb, ${now}, ${now})`.execute(db);
  await sql`INSERT INTO formulation_factors
      (formulation_id, domain_code, factor_code, presence, relevance, evidence)
    VALUES (${first}, 'mental_health', 'mh_psychotic_symptoms', 'present', 'high',
      'Evidence')`.execute(db);
  await sql`INSERT INTO formulation_scenarios
      (formulation_id, position, description, triggers, warning_signs)
    VALUES (${first}, 1, 'Scenario', 'Triggers', 'Warning signs')`.execute(db);
  await sql`UPDATE formulations SET status = 'signed_off', submitted_by = ${authorId},
      submitted_at = ${now}, signed_off_by = ${signerId}, signed_off_at = ${now}
    WHERE id = ${first}`.execute(db);
  await sql`INSERT INTO formulations (id, case_id, version_number, previous_id, status,
      template_id, template_version, author_id, presenting, review_reason, return_reason,
      created_at, updated_at)
    VALUES (${second}, ${caseId}, 2, ${first}, 'draft', 'vss-structured-formulation', '1.0',
      ${authorId}, 'Presenting again', 'Review', 'Returned for more detail', ${now},
      ${now})`.execute(db);
}

/**
 * A disclosure decision left as a draft (nothing released): its purpose, necessity, notes and
 * recipients are the hub's record (health) and must stay on the health side.
 */
async function draftDisclosure(t: TestApp, caseId: string, by: SignedIn): Promise<void> {
  const { db } = t.database;
  const facts = await db
    .selectFrom('cases')
    .select(['hub_id'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const triage = await db
    .selectFrom('triage_decisions')
    .select('id')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  const principal = principalOf({ id: by.userId }, ['clinician'], [facts.hub_id]);
  const draft = await saveDraft(
    { db, clock: t.clock },
    {
      actor: { userId: by.userId, role: 'clinician', hubId: facts.hub_id, requestId: null },
      principal,
      target: { caseId, direction: 'health_to_police', disclosureId: null, version: 0 },
      input: {
        itemKeys: [itemKey({ source: 'triage_rationale', recordId: triage.id })],
        summary: typed('disclosure-summary'),
        recipients: { caseOfficer: true, policeLeadIds: [], otherIds: [], otherReason: null },
        purpose: typed('disclosure-purpose'),
        legalBasis: 'consent',
        necessity: typed('disclosure-necessity'),
        consent: 'given',
        consentNote: typed('disclosure-consent-note'),
        personTold: 'yes',
        personToldNote: null,
      },
    },
  );
  assert.equal(draft.kind, 'done', `disclosure draft saved: ${JSON.stringify(draft)}`);
}

/** A GOV.UK date input's three fields. */
const dateFields = (name: string, iso: string) => {
  const [year, month, day] = iso.split('-');
  return { [`${name}-day`]: day!, [`${name}-month`]: month!, [`${name}-year`]: year! };
};

/**
 * An intervention plan through its pages: started, a need, an action, then reviewed (the
 * review freezes version 1 and starts version 2 with the same need and action).
 */
async function planWork(t: TestApp, caseId: string, who: SignedIn): Promise<void> {
  const { db } = t.database;
  const post = async (path: string, fields: Record<string, string>, what: string) =>
    expectStatus(
      postForm(t, who, `/cases/${caseId}/plan${path}`, {
        version: await caseVersion(db, caseId),
        ...fields,
      }),
      [302, 303],
      what,
    );
  await post('', dateFields('reviewDate', '2026-09-01'), 'plan started');
  await post(
    '/needs',
    { category: 'access_to_services', description: typed('plan-need') },
    'plan need',
  );
  const need = await db
    .selectFrom('plan_needs')
    .innerJoin('plans', 'plans.id', 'plan_needs.plan_id')
    .select('plan_needs.id')
    .where('plans.case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await post(
    `/needs/${need.id}/actions`,
    {
      description: typed('plan-action'),
      serviceType: 'mental_health',
      agency: typed('plan-action-agency'),
      owner: typed('plan-action-owner'),
      ...dateFields('dueDate', '2026-06-10'),
    },
    'plan action',
  );
  await post(
    '/review',
    {
      progress: typed('plan-review-progress'),
      changes: typed('plan-review-changes'),
      ...dateFields('nextReviewDate', '2026-12-01'),
    },
    'plan review',
  );
}

/** A liaison contact, and a meeting with an attendee and an agreed action, through the pages. */
async function liaisonAndMeeting(t: TestApp, caseId: string, who: SignedIn): Promise<void> {
  const { db } = t.database;
  await expectStatus(
    postForm(t, who, `/cases/${caseId}/liaison`, {
      version: await caseVersion(db, caseId),
      ...dateFields('contactDate', '2026-05-28'),
      agencyType: 'gp_primary_care',
      organisation: typed('liaison-organisation'),
      direction: 'outgoing',
      purpose: 'care_coordination',
      summary: typed('liaison-summary'),
      onBehalf: 'yes',
      consentCovers: 'yes',
    }),
    [302, 303],
    'liaison contact',
  );
  // The person disputes it: its author annotates it, so it is restricted (rectification), and
  // the crawl reads the restricted record, its annotation and the person's statement.
  const liaison = await db
    .selectFrom('liaison_contacts')
    .select('id')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await expectStatus(
    postForm(t, who, `/cases/${caseId}/rectify/liaison/${liaison.id}`, {
      version: '1',
      ...dateFields('requestedOn', '2026-05-29'),
      request: typed('rectification-request'),
      outcome: 'annotated',
      annotation: typed('rectification-annotation'),
      statement: typed('rectification-statement'),
    }),
    [302, 303],
    'liaison record annotated',
  );
  await expectStatus(
    postForm(t, who, `/cases/${caseId}/meetings`, {
      version: await caseVersion(db, caseId),
      meetingType: 'mappa',
      mappaCategory: '2',
      mappaLevel: '2',
      ...dateFields('heldOn', '2026-05-29'),
      vssContribution: typed('meeting-contribution'),
    }),
    [302, 303],
    'meeting',
  );
  const meeting = async () =>
    db
      .selectFrom('meetings')
      .select(['id', 'version'])
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
  const { id } = await meeting();
  const base = `/cases/${caseId}/meetings/${id}`;
  await expectStatus(
    postForm(t, who, `${base}/attendees`, {
      version: String((await meeting()).version),
      attendeeName: typed('attendee-name'),
      attendeeAgency: typed('attendee-agency'),
    }),
    [302, 303],
    'meeting attendee',
  );
  await expectStatus(
    postForm(t, who, `${base}/actions`, {
      version: String((await meeting()).version),
      actionDescription: typed('meeting-action'),
      actionOwner: typed('meeting-action-owner'),
      ...dateFields('actionDue', '2026-06-15'),
    }),
    [302, 303],
    'meeting action',
  );
}

/**
 * Three decided disclosures of the case, through the disclosure service, each releasing the
 * plan action in force (or the triage rationale) to the requesting officer: one waiting for a
 * hub lead's approval, one refused by the hub lead, one released with consent then withdrawn.
 * Pending and refused ones released nothing; the withdrawn one's copies (shared) keep the
 * text as it was, which the officer must no longer see.
 */
async function decidedDisclosures(
  t: TestApp,
  caseId: string,
  by: SignedIn,
  lead: SignedIn,
): Promise<Fixture['disclosures']> {
  const { db } = t.database;
  const { hub_id: hub } = await db
    .selectFrom('cases')
    .select(['hub_id'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const triage = await db
    .selectFrom('triage_decisions')
    .select('id')
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  const action = await db
    .selectFrom('plan_actions')
    .innerJoin('plans', 'plans.id', 'plan_actions.plan_id')
    .select('plan_actions.id')
    .where('plans.case_id', '=', caseId)
    .where('plans.superseded_at', 'is', null)
    .executeTakeFirstOrThrow();
  const decider = principalOf({ id: by.userId }, ['clinician'], [hub]);
  const approver = principalOf({ id: lead.userId }, ['hub_lead'], [hub]);
  const actorOf = (userId: string, role: string) => ({ userId, role, hubId: hub, requestId: null });

  const decide = async (name: string, items: string[], consent: 'given' | 'not_sought') => {
    const draft = await saveDraft(
      { db, clock: t.clock },
      {
        actor: actorOf(by.userId, 'clinician'),
        principal: decider,
        target: { caseId, direction: 'health_to_police', disclosureId: null, version: 0 },
        input: {
          itemKeys: items,
          summary: typed(`${name}-summary`),
          recipients: { caseOfficer: true, policeLeadIds: [], otherIds: [], otherReason: null },
          purpose: typed(`${name}-purpose`),
          legalBasis: consent === 'given' ? 'consent' : 'dpa_sch1_para18_safeguarding',
          necessity: typed(`${name}-necessity`),
          consent,
          consentNote: typed(`${name}-consent-note`),
          personTold: 'no',
          personToldNote: typed(`${name}-person-told-note`),
        },
      },
    );
    assert.equal(draft.kind, 'done', `${name} disclosure saved: ${JSON.stringify(draft)}`);
    const disclosureId = draft.kind === 'done' ? draft.value.disclosureId : '';
    const submitted = await submitDisclosure(
      { db, clock: t.clock },
      {
        actor: actorOf(by.userId, 'clinician'),
        principal: decider,
        target: { caseId, direction: 'health_to_police', disclosureId, version: 1 },
        stepUpAt: t.clock.now(),
      },
    );
    assert.equal(submitted.kind, 'done', `${name} disclosure submitted`);
    return disclosureId;
  };
  const planAction = itemKey({ source: 'plan_action', recordId: action.id });
  const rationale = itemKey({ source: 'triage_rationale', recordId: triage.id });

  const awaiting = await decide('awaiting', [rationale, planAction], 'not_sought');
  const refused = await decide('refused', [planAction], 'not_sought');
  const refusal = await decideApproval(
    { db, clock: t.clock },
    {
      actor: actorOf(lead.userId, 'hub_lead'),
      principal: approver,
      disclosureId: refused,
      decision: { kind: 'refuse', version: 2, reason: typed('refusal-reason') },
      stepUpAt: t.clock.now(),
    },
  );
  assert.deepEqual(refusal, { kind: 'done', value: { status: 'refused' } });
  const withdrawn = await decide('withdrawn', [planAction, rationale], 'given');
  const withdrawal = await withdrawDisclosure(
    { db, clock: t.clock },
    {
      actor: actorOf(by.userId, 'clinician'),
      principal: decider,
      target: { caseId, direction: 'health_to_police', disclosureId: withdrawn, version: 2 },
      reason: typed('withdrawal-reason'),
    },
  );
  assert.equal(withdrawal.kind, 'done', 'disclosure withdrawn');
  return { awaiting, refused, withdrawn };
}

/** Signs a new user in with these roles (for the crawl's viewers). */
export async function viewer(
  t: TestApp,
  roles: Parameters<typeof signIn>[1]['roles'],
  hubCodes: string[],
): Promise<SignedIn> {
  return signInAs(t, await createUser(t.database.db, { roles, hubCodes }));
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAnswers } from '../../../../test/support/requests.ts';
import type { RequestDraft } from '../drafts.ts';
import { DEFAULT_CONCERN_TYPES } from '../options.ts';
import { checkAnswersPage } from './check-answers.ts';
import { confirmationPage } from './confirmation.ts';
import { errorFor, errorSummary, formatDate } from './format.ts';
import { myRequestsPage } from './my-requests.ts';
import { possibleMatchPage } from './possible-match.ts';
import { requestPage, sharedPartView } from './request.ts';
import { sectionPage } from './section.ts';
import { taskListPage } from './task-list.ts';

const DRAFT_ID = '00000000-0000-4000-8000-000000000001';
const CASE_ID = '00000000-0000-4000-8000-000000000002';
const draft = (answers: RequestDraft['answers'] = {}): RequestDraft => ({
  id: DRAFT_ID,
  hubId: 'hub-1',
  answers,
  idempotencyKey: 'key-1',
  createdAt: new Date('2026-06-01T09:00:00Z'),
  updatedAt: new Date('2026-06-02T09:00:00Z'),
  expiresAt: new Date('2026-07-02T09:00:00Z'),
});

describe('request presenters', () => {
  it('formats dates in London and errors as a GOV.UK summary linking to each field', () => {
    assert.equal(formatDate('1999-02-03'), '3 February 1999');
    assert.equal(formatDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026');
    const errors = {
      givenName: 'Enter their first name',
      'dateOfBirth-month': 'Date of birth must include a month',
    };
    assert.deepEqual(errorSummary(errors), [
      { text: 'Enter their first name', href: '#givenName' },
      { text: 'Date of birth must include a month', href: '#dateOfBirth-month' },
    ]);
    assert.deepEqual(errorFor(errors, 'dateOfBirth'), {
      text: 'Date of birth must include a month',
    });
    assert.equal(errorFor(errors, 'familyName'), undefined);
  });

  it('task list: each section Completed or Incomplete; check answers only when all are done', () => {
    const partial = taskListPage({
      draft: draft({ person: completeAnswers().person }),
      hubCount: 1,
    });
    assert.deepEqual(
      partial.items.map((i) => [
        i.title.text,
        'tag' in i.status ? i.status.tag?.text : i.status.text,
      ]),
      [
        ['About the person', 'Completed'],
        ['Prevent references', 'Incomplete'],
        ['Referral', 'Incomplete'],
        ['Concerns and support', 'Incomplete'],
        ['Urgency and awareness', 'Incomplete'],
      ],
    );
    assert.equal(partial.checkAnswers, null);
    assert.equal(partial.progress, 'You have completed 1 of 5 sections.');
    const full = taskListPage({ draft: draft(completeAnswers()), hubCount: 1 });
    assert.deepEqual(full.checkAnswers, { href: `/requests/drafts/${DRAFT_ID}/check-answers` });
    const twoHubs = taskListPage({ draft: draft(completeAnswers()), hubCount: 2 });
    assert.equal(twoHubs.items.at(-1)!.title.text, 'VSS hub');
    assert.equal(twoHubs.checkAnswers, null);
    assert.equal(taskListPage({ draft: draft(), hubCount: 0 }).canRequest, false);
  });

  it('a section page keeps the input, marks errors and checks the chosen radio', () => {
    const page = sectionPage({
      draftId: DRAFT_ID,
      section: 'person',
      input: {
        givenName: 'Typed',
        gender: 'female',
        'dateOfBirth-day': '31',
        'dateOfBirth-month': '2',
        'dateOfBirth-year': '1999',
      },
      errors: { 'dateOfBirth-day': 'Date of birth must be a real date' },
      concernTypes: DEFAULT_CONCERN_TYPES,
      hubs: [],
    });
    assert.equal(page.fields.givenName!.value, 'Typed');
    assert.deepEqual(page.fields.dateOfBirth!.errorMessage, {
      text: 'Date of birth must be a real date',
    });
    assert.deepEqual(page.fields.dateOfBirth!.items![0], {
      name: 'day',
      label: 'Day',
      value: '31',
      classes: 'govuk-input--width-2 govuk-input--error',
    });
    const checked = (page.fields.gender!.items as { value: string; checked: boolean }[]).filter(
      (i) => i.checked,
    );
    assert.deepEqual(
      checked.map((i) => i.value),
      ['female'],
    );
    assert.equal(page.action, `/requests/drafts/${DRAFT_ID}/about-the-person`);
  });

  it("possible match: the officer's own references, or only that the hub will check", () => {
    const own = possibleMatchPage({
      draftId: DRAFT_ID,
      view: {
        kind: 'possible',
        earlierRequests: [
          {
            caseId: CASE_ID,
            reference: 'WM-2026-0001',
            requestedAt: new Date('2026-01-05T10:00:00Z'),
          },
        ],
        othersExist: false,
      },
      chosen: undefined,
      errors: {},
    });
    assert.ok(own.link);
    assert.match(JSON.stringify(own.link.items), /Yes, the person in WM-2026-0001/);
    const others = possibleMatchPage({
      draftId: DRAFT_ID,
      view: { kind: 'possible', earlierRequests: [], othersExist: true },
      chosen: undefined,
      errors: {},
    });
    assert.equal(others.link, null);
    assert.equal(others.title, 'A possible match exists');
  });

  it('check answers: Change links to each section, the hub, and the idempotency key', () => {
    const page = checkAnswersPage({
      draft: draft(completeAnswers()),
      hubCount: 1,
      hubName: 'West Midlands',
      linkedReference: 'WM-2026-0001',
      concernTypes: DEFAULT_CONCERN_TYPES,
    });
    assert.ok(page);
    assert.equal(page.idempotencyKey, 'key-1');
    assert.deepEqual(
      page.cards.map((c) => c.card.title.text),
      [
        'About the person',
        'Prevent references',
        'Referral',
        'Concerns and support',
        'Urgency and awareness',
      ],
    );
    const nameRow = page.cards[0]!.rows[0]!;
    assert.equal(nameRow.value.text, 'Testy');
    assert.equal(nameRow.actions?.items[0]?.href, `/requests/drafts/${DRAFT_ID}/about-the-person`);
    assert.equal(page.cards[0]!.rows[2]!.value.text, 'Not given');
    assert.deepEqual(
      page.about.rows.map((r) => r.value.text),
      ['West Midlands', 'WM-2026-0001'],
    );
    assert.equal(
      checkAnswersPage({
        draft: draft({}),
        hubCount: 1,
        hubName: '',
        linkedReference: null,
        concernTypes: DEFAULT_CONCERN_TYPES,
      }),
      null,
    );
  });

  it('your requests: rows with status tags, pagination only when needed, drafts', () => {
    const page = myRequestsPage({
      items: [
        {
          caseId: CASE_ID,
          reference: 'WM-2026-0001',
          givenName: 'Testy',
          familyName: 'McTestface',
          status: 'awaiting_triage',
          requestedAt: new Date('2026-06-01T09:00:00Z'),
        },
      ],
      total: 45,
      page: 2,
      pageSize: 20,
      drafts: [draft()],
    });
    assert.equal(page.requests[0]!.status.text, 'Awaiting triage');
    assert.equal(page.requests[0]!.href, `/requests/${CASE_ID}`);
    assert.deepEqual(page.pagination?.previous, { href: '/requests' });
    assert.deepEqual(page.pagination?.next, { href: '/requests?page=3' });
    assert.equal(page.pagination?.items.length, 3);
    assert.equal(page.drafts[0]!.name, 'Person not named yet');
    assert.equal(
      myRequestsPage({ items: [], total: 3, page: 1, pageSize: 20, drafts: [] }).pagination,
      null,
    );
  });

  it('request page: status, a named place for what the hub shares, and what the officer sent', () => {
    const a = completeAnswers();
    const page = requestPage(
      {
        caseId: CASE_ID,
        reference: 'WM-2026-0001',
        hubName: 'West Midlands',
        status: 'open',
        urgency: 'routine',
        requestedAt: new Date('2026-06-01T09:00:00Z'),
        isReReferral: true,
        person: {
          given_name: a.person.givenName,
          family_name: a.person.familyName,
          other_names: null,
          date_of_birth: a.person.dateOfBirth,
          nhs_number: '9434765919',
          gender: 'male',
          ethnicity: 'not_stated',
          postcode_district: 'B15',
          first_language: 'English',
          communication_needs: null,
        },
        supportRequest: {
          pcmt_reference: 'PCMT-1',
          prevent_stage: 'channel',
          gateway_date: '2026-05-01',
          channel_reference: 'CH-1',
          referral_sector: 'education',
          concern_type: 'conflicted',
          concerns_seen: 'Low mood',
          support_reason: 'Advice',
          gp_practice: null,
          mental_health_team: null,
          person_aware: 'unknown',
          urgency_reason: null,
          submitted_at: new Date('2026-06-01T09:00:00Z'),
        },
      },
      { concernTypes: DEFAULT_CONCERN_TYPES },
    );
    assert.equal(page.status.text, 'Open');
    assert.deepEqual(page.shared, {
      advice: [],
      strategies: [],
      releasedItems: [],
      closureSummary: null,
      actions: [],
      feedbackHref: null,
    });
    assert.equal(page.police[0]!.rows[4]!.value.text, '943 476 5919');
    assert.equal(page.police[0]!.rows[0]!.actions, undefined, 'no Change links once sent');
    assert.equal(page.police[1]!.rows[1]!.value.text, 'Channel');
    assert.equal(page.police[4]!.rows[0]!.value.text, 'I do not know');
    assert.equal(
      confirmationPage(
        { reference: 'WM-2026-0001', hubName: 'West Midlands', urgency: 'urgent' },
        CASE_ID,
      ).urgent,
      true,
    );
  });

  it('shared part: advice and closure summary; update link while open, feedback link once closed', () => {
    const facts = {
      advice: [
        {
          id: 'a1',
          kind: 'advice' as const,
          title: 'Contact',
          body: 'Call the hub',
          avoid: null,
          involve: null,
          givenAt: '2026-06-02',
          authorName: 'Dr Test',
        },
        {
          id: 'a2',
          kind: 'communication_strategy' as const,
          title: null,
          body: 'Written questions, one at a time',
          avoid: 'Phone calls without warning',
          involve: null,
          givenAt: '2026-06-03',
          authorName: 'Dr Test',
        },
      ],
      closureSummary: null,
      feedbackAnswered: false,
    };
    const open = sharedPartView(CASE_ID, 'open', facts);
    assert.deepEqual(open.advice, [
      { date: '2 June 2026', author: 'Dr Test', text: 'Contact: Call the hub' },
    ]);
    // A communication strategy is shown apart from advice, with its three parts.
    assert.deepEqual(open.strategies, [
      {
        title: 'Communication strategy – 3 June 2026 – Dr Test',
        rows: [
          { key: { text: 'Approach' }, value: { text: 'Written questions, one at a time' } },
          { key: { text: 'What to avoid' }, value: { text: 'Phone calls without warning' } },
          { key: { text: 'Who to involve' }, value: { text: 'Not given' } },
        ],
      },
    ]);
    assert.deepEqual(open.actions, [
      { text: 'Add a police update', href: `/requests/${CASE_ID}/updates/new` },
      {
        text: 'Share information with the clinical team',
        href: `/requests/${CASE_ID}/disclosures/new`,
      },
    ]);
    const closedFacts = {
      ...facts,
      closureSummary: {
        outcome: 'unknown_code',
        summary: 'Engaged well',
        approvedAt: new Date('2026-07-01T09:00:00Z'),
      },
    };
    const closed = sharedPartView(CASE_ID, 'closed', closedFacts);
    assert.deepEqual(closed.closureSummary, {
      date: '1 July 2026',
      outcome: 'unknown_code',
      text: 'Engaged well',
    });
    assert.deepEqual(closed.actions, []);
    assert.equal(closed.feedbackHref, `/requests/${CASE_ID}/feedback`);
    const answered = sharedPartView(CASE_ID, 'closed', { ...closedFacts, feedbackAnswered: true });
    assert.deepEqual(answered.actions, []);
    assert.equal(answered.feedbackHref, null);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditCsv, auditCsvFilename, neutraliseCell } from './csv.ts';
import { parseFilters } from './filters.ts';
import {
  formatWhen,
  pagination,
  presentAuditSearch,
  presentRecordLog,
  searchQuery,
} from './presenter.ts';
import type { RecordNames } from './record-names.ts';
import type { AuditLogRow } from './search.ts';

const row = (overrides: Partial<AuditLogRow> = {}): AuditLogRow => ({
  id: '11111111-1111-4111-8111-111111111111',
  occurredAt: new Date('2026-06-01T09:00:05Z'),
  actorUserId: '22222222-2222-4222-8222-222222222222',
  actorName: 'Dr Ada Test',
  actorRole: 'clinician',
  hubCode: 'WM',
  action: 'consultation',
  subjectType: 'case',
  subjectId: 'c-1',
  personId: null,
  reason: null,
  outcome: 'success',
  requestId: 'req-1',
  detail: { view: 'summary' },
  ...overrides,
});

test('times show in UK time', () => {
  assert.equal(formatWhen(new Date('2026-06-01T09:00:05Z')), '1 June 2026 at 10:00:05');
  assert.equal(formatWhen(new Date('2026-01-01T09:00:05Z')), '1 January 2026 at 09:00:05');
});

test('an event line names the user, role, hub, action and links the record', () => {
  const page = presentAuditSearch({ values: {}, result: { rows: [row()], total: 1 } });
  assert.deepEqual(page.results?.events, [
    {
      when: '1 June 2026 at 10:00:05',
      user: 'Dr Ada Test',
      role: 'Clinician',
      hub: 'WM',
      action: 'Consultation (read)',
      record: { text: 'Case: c-1', href: '/audit/records/case/c-1' },
      outcome: 'Done',
      reason: '',
    },
  ]);
  assert.equal(page.results?.text, 'Showing 1 to 1 of 1 events, newest first.');
  assert.equal(page.results?.pagination, null);
});

test('system events and unknown users are told apart', () => {
  const page = presentAuditSearch({
    values: {},
    result: {
      rows: [
        row({ actorUserId: null, actorName: null, actorRole: null, outcome: 'denied' }),
        row({ actorName: null }),
      ],
      total: 2,
    },
  });
  assert.deepEqual(
    page.results?.events.map((e) => [e.user, e.outcome]),
    [
      ['System', 'Refused'],
      ['Unknown user', 'Done'],
    ],
  );
});

test('pagination keeps the filters, marks the current page and elides the middle', () => {
  const href = (p: number) => `/audit?user=a&page=${p}`;
  assert.equal(pagination(1, 50, href), null);
  assert.deepEqual(pagination(5, 500, href), {
    previous: { href: href(4) },
    next: { href: href(6) },
    items: [
      { number: 1, href: href(1), current: false },
      { ellipsis: true },
      { number: 4, href: href(4), current: false },
      { number: 5, href: href(5), current: true },
      { number: 6, href: href(6), current: false },
      { ellipsis: true },
      { number: 10, href: href(10), current: false },
    ],
  });
  const page = presentAuditSearch({
    values: { user: 'a@example.org', action: 'disclosure', page: '2' },
    result: { rows: [row()], total: 120 },
    page: 2,
  });
  assert.equal(
    page.results?.pagination?.next?.href,
    '/audit?user=a%40example.org&action=disclosure&page=3',
  );
  assert.equal(
    page.results?.exportHref,
    '/audit/export.csv?user=a%40example.org&action=disclosure',
  );
  assert.equal(page.results?.text, 'Showing 51 to 51 of 120 events, newest first.');
});

test('the form shows what was sent, with errors beside the fields', () => {
  const parsed = parseFilters({
    user: 'not an email',
    'from-day': '31',
    'from-month': '2',
    'from-year': '2026',
  });
  assert.equal(parsed.ok, false);
  assert.ok(!parsed.ok);
  const page = presentAuditSearch({ values: parsed.values, errors: parsed.errors });
  assert.deepEqual(page.errorSummary, [
    { text: 'Enter an email address or a user ID', href: '#user' },
    { text: 'The date from must be a real date', href: '#from-day' },
  ]);
  assert.equal(page.fields.user.value, 'not an email');
  assert.equal(page.fields.from.items[0]?.value, '31');
  assert.match(page.fields.from.items[0]?.classes ?? '', /govuk-input--error/);
  assert.equal(page.results, null);
});

test('filters: a user id or email, a record, an action and UK dates', () => {
  const parsed = parseFilters({
    user: ' Ada@Example.org ',
    subjectType: 'case',
    subjectId: 'c-1',
    action: 'disclosure',
    'from-day': '1',
    'from-month': '6',
    'from-year': '2026',
    'to-day': '30',
    'to-month': '06',
    'to-year': '2026',
    page: '3',
    extra: 'ignored',
  });
  assert.deepEqual(parsed.ok && { filters: parsed.filters, page: parsed.page }, {
    filters: {
      user: { email: 'Ada@Example.org' },
      subjectType: 'case',
      subjectId: 'c-1',
      action: 'disclosure',
      from: '2026-06-01',
      to: '2026-06-30',
    },
    page: 3,
  });
  const byId = parseFilters({ user: '22222222-2222-4222-8222-22222222222A' });
  assert.deepEqual(byId.ok && byId.filters, {
    user: { id: '22222222-2222-4222-8222-22222222222a' },
  });
  const none = parseFilters({});
  assert.deepEqual(none.ok && none.filters, {});
});

test('filters refuse what cannot be searched, each with its message', () => {
  const messages = (query: Record<string, unknown>) => {
    const parsed = parseFilters(query);
    return parsed.ok ? [] : parsed.errors.summary.map((e) => `${e.href} ${e.text}`);
  };
  assert.deepEqual(messages({ action: 'delete' }), [
    '#action Select a kind of action from the list',
  ]);
  assert.deepEqual(messages({ subjectId: 'c-1' }), [
    '#subjectType Enter the record type as well as the record ID',
  ]);
  assert.deepEqual(messages({ subjectType: 'Case!' }), [
    '#subjectType Record type must be lower-case letters and underscores, like case',
  ]);
  assert.deepEqual(messages({ 'to-day': '1', 'to-year': '2026' }), [
    '#to-day The date to must include a day, month and year',
  ]);
  assert.deepEqual(
    messages({
      'from-day': '2',
      'from-month': '6',
      'from-year': '2026',
      'to-day': '1',
      'to-month': '6',
      'to-year': '2026',
    }),
    ['#to-day The date to must be the same as or after the date from'],
  );
  assert.deepEqual(messages({ page: 'x' }), ['#page Page must be a number']);
  assert.deepEqual(messages({ user: 'a'.repeat(300) + '@example.org' }), [
    '#user The search text is too long',
  ]);
  assert.deepEqual(messages({ user: ['a@example.org', 'b'] }), []);
});

test('searchQuery drops blanks and the page', () => {
  assert.equal(searchQuery({ user: '', action: 'erasure', page: '4' }), 'action=erasure');
});

test('the record log links back to the search and exports that record', () => {
  const page = presentRecordLog({
    subjectType: 'case',
    subjectId: 'c 1',
    result: { rows: [row()], total: 1 },
    page: 1,
  });
  assert.equal(page.title, 'Access log: Case: c 1');
  assert.equal(page.exportHref, '/audit/export.csv?subjectType=case&subjectId=c+1');
  assert.equal(page.events[0]?.record.href, null);
});

test('CSV cells that a spreadsheet would run as formulas start with a quote', () => {
  for (const dangerous of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) {
    assert.equal(neutraliseCell(dangerous), `'${dangerous}`);
  }
  assert.equal(neutraliseCell('case 1'), 'case 1');
  assert.equal(neutraliseCell(''), '');
  const csv = auditCsv([row({ reason: '=HYPERLINK("http://x")', subjectId: '-c' })]);
  const lines = csv.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.ok(lines[0]!.startsWith('occurred_at_utc,event_id,user_id,user_name,role'));
  assert.match(lines[1]!, /^2026-06-01T09:00:05\.000Z,11111111-/);
  assert.match(lines[1]!, /,'-c,/);
  assert.match(lines[1]!, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
  assert.equal(
    auditCsvFilename(new Date('2026-06-01T09:00:05Z')),
    'cicero-audit-log-2026-06-01-09-00-05.csv',
  );
});

const CASE_ID = '33333333-3333-4333-8333-333333333333';
const SUMMARY_ID = '44444444-4444-4444-8444-444444444444';
const names: RecordNames = {
  cases: new Map([
    [CASE_ID, { caseId: CASE_ID, reference: 'WM-2026-0031' }],
    [SUMMARY_ID, { caseId: CASE_ID, reference: 'WM-2026-0031' }],
  ]),
  people: new Map(),
  users: new Map([['55555555-5555-4555-8555-555555555555', 'Sam Clinician']]),
  hubs: new Map(),
};

test('records are named in words with their case reference, never by id (issue 18 item 10)', () => {
  const page = presentAuditSearch({
    values: {},
    result: {
      rows: [
        row({ subjectType: 'closure_summary', subjectId: SUMMARY_ID }),
        row({ subjectType: 'case', subjectId: CASE_ID }),
        row({
          subjectType: 'plan_action',
          subjectId: '66666666-6666-4666-8666-666666666666',
          detail: { caseId: CASE_ID },
        }),
        row({ subjectType: 'user', subjectId: '55555555-5555-4555-8555-555555555555' }),
        row({ subjectType: 'released_items', subjectId: '77777777-7777-4777-8777-777777777777' }),
        row({ subjectType: 'audit_log', subjectId: `case:${CASE_ID}` }),
        row({ subjectType: 'triage_queue', subjectId: null }),
        row({ subjectType: 'route', subjectId: 'GET /admin/users' }),
      ],
      total: 8,
      names,
    },
  });
  const texts = page.results?.events.map((e) => e.record.text);
  assert.deepEqual(texts, [
    'Closure summary, case WM-2026-0031',
    'Case WM-2026-0031',
    'Care plan action, case WM-2026-0031',
    'User account: Sam Clinician',
    'Released items',
    'Access log of case WM-2026-0031',
    'Triage queue',
    'Page: GET /admin/users',
  ]);
  for (const text of texts ?? []) assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}/);
  // The link still finds the record's own log.
  assert.equal(
    page.results?.events[0]?.record.href,
    `/audit/records/closure_summary/${SUMMARY_ID}`,
  );
});

test('role and hub are never blank: "Not recorded" on older rows, national roles in every hub', () => {
  const page = presentAuditSearch({
    values: {},
    result: {
      rows: [
        row({ actorRole: null, hubCode: null }),
        row({ actorRole: 'clinician', hubCode: null }),
        row({ actorRole: 'ig_officer', hubCode: null }),
        row({ actorRole: 'hub_lead', hubCode: 'WM', hubName: 'West Midlands' }),
      ],
      total: 4,
    },
  });
  assert.deepEqual(
    page.results?.events.map((e) => [e.role, e.hub]),
    [
      ['Not recorded', 'Not recorded'],
      ['Clinician', 'Not recorded'],
      ['Information governance officer', 'All hubs (national role)'],
      ['Hub lead', 'West Midlands'],
    ],
  );
});

test("a record's log is titled in words and links to its case's whole log", () => {
  const page = presentRecordLog({
    subjectType: 'closure_summary',
    subjectId: SUMMARY_ID,
    result: { rows: [], total: 0, names },
    page: 1,
  });
  assert.equal(page.title, 'Access log: Closure summary, case WM-2026-0031');
  assert.deepEqual(page.caseLog, {
    href: `/audit/records/case/${CASE_ID}`,
    text: 'Access log of case WM-2026-0031',
  });
  const kase = presentRecordLog({
    subjectType: 'case',
    subjectId: CASE_ID,
    result: { rows: [], total: 0, names },
    page: 1,
  });
  assert.equal(kase.title, 'Access log: Case WM-2026-0031');
  assert.equal(kase.caseLog, null);
});

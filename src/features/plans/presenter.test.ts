import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duePage, planSection } from './presenter.ts';

const CASE = '00000000-0000-4000-8000-000000000001';

test('the case page section: review date and overdue actions tagged, finished ones not', () => {
  const section = planSection(
    CASE,
    {
      versionNumber: 2,
      reviewDate: '2026-06-01',
      actions: [
        { status: 'planned', dueDate: '2026-06-05' },
        { status: 'in_progress', dueDate: '2026-06-09' },
        { status: 'done', dueDate: '2026-05-01' },
        { status: 'not_achieved', dueDate: '2026-05-01' },
        { status: 'planned', dueDate: '2026-07-30' },
      ],
    },
    '2026-06-10',
  );
  assert.equal(section.started, true);
  assert.equal(section.overdue, 2);
  const review = section.rows.find((r) => r.key === 'Review by')!;
  assert.equal(review.text, '1 June 2026 (9 days late)');
  assert.equal(review.tag?.text, 'Overdue');
  const actions = section.rows.find((r) => r.key === 'Actions')!;
  assert.equal(actions.text, '5 in all, 3 still to do');
  assert.equal(actions.tag?.text, '2 overdue');
  assert.equal(section.href, `/cases/${CASE}/plan`);
});

test('no plan: a link to start one, nothing tagged', () => {
  const section = planSection(CASE, null, '2026-06-10');
  assert.equal(section.started, false);
  assert.deepEqual(section.rows, []);
  assert.equal(section.overdue, null);
});

test('the due list: tags from the domain rule, hub tabs only for the hub lead', () => {
  const item = {
    caseId: CASE,
    itemId: CASE,
    reference: 'WM-2026-0001',
    personName: 'Testy McTestface',
    description: 'Register with a GP',
    serviceType: 'mental_health',
    owner: 'Alex',
    status: 'planned',
  };
  const page = duePage({
    scope: 'hub',
    hubLead: true,
    items: [
      { ...item, kind: 'action', date: '2026-06-09' },
      { ...item, kind: 'review', date: '2026-06-10', description: null, status: null },
      { ...item, kind: 'action', date: '2026-06-20' },
    ],
    total: 3,
    page: 1,
    pageSize: 25,
    today: '2026-06-10',
  });
  assert.deepEqual(
    page.rows.map((r) => [r.what, r.tag?.text, r.date]),
    [
      ['Register with a GP (Mental health)', 'Overdue', '9 June 2026 (1 day late)'],
      ['Plan review', 'Due today', '10 June 2026'],
      ['Register with a GP (Mental health)', 'Due soon', '20 June 2026'],
    ],
  );
  assert.equal(page.tabs?.find((t) => t.active)?.text, 'Whole hub');
  assert.equal(page.pagination, null);
  const clinician = duePage({
    ...page,
    scope: 'mine',
    hubLead: false,
    items: [],
    total: 0,
    page: 1,
    pageSize: 25,
    today: '2026-06-10',
  });
  assert.equal(clinician.tabs, null);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { transition } from '../case-state.ts';
import * as assessment from './assessment.ts';
import * as outcomes from './case-outcomes.ts';
import * as liaison from './liaison.ts';
import { codesOf, isCode, labelOf, type ReferenceList } from './list.ts';
import * as people from './people.ts';
import * as plans from './plans.ts';
import * as prevent from './prevent.ts';

const LISTS: Record<string, ReferenceList> = {
  ...assessment,
  ...outcomes,
  ...liaison,
  ...plans,
  ...prevent,
  ETHNIC_GROUP_HEADINGS: people.ETHNIC_GROUP_HEADINGS,
  ETHNIC_GROUPS: people.ETHNIC_GROUPS,
  GENDERS: people.GENDERS,
  AGE_BANDS: people.AGE_BANDS,
};

test('every list has unique, stable-looking codes and a label for each', () => {
  assert.ok(Object.keys(LISTS).length >= 25);
  for (const [name, list] of Object.entries(LISTS)) {
    assert.ok(list.length > 0, name);
    const codes = codesOf(list);
    assert.equal(new Set(codes).size, codes.length, `${name} has duplicate codes`);
    for (const item of list) {
      assert.match(item.code, /^[a-z0-9]+(_[a-z0-9]+)*$/, `${name}: ${item.code}`);
      assert.ok(item.label.trim().length > 0, `${name}: ${item.code}`);
    }
  }
});

test('labelOf and isCode', () => {
  assert.equal(labelOf(people.GENDERS, 'not_stated'), 'Not stated');
  assert.equal(labelOf(prevent.URGENCIES, 'urgent'), 'Urgent');
  assert.ok(isCode(prevent.URGENCIES, 'routine'));
  assert.ok(!isCode(prevent.URGENCIES, 'Routine'));
  assert.ok(!isCode(prevent.URGENCIES, 'label'));
  assert.ok(!isCode(prevent.URGENCIES, undefined));
  assert.ok(!isCode(prevent.URGENCIES, ['routine']));
  // A code missing from its list is a programming error, never a guessed label.
  assert.throws(() => labelOf(prevent.URGENCIES, 'soon' as 'urgent'), /Unknown reference code/);
});

test('ONS 2021 ethnic groups: 19 categories in 5 groups, plus not stated and not known', () => {
  const categories = people.ETHNIC_GROUPS.filter((item) => item.group !== null);
  assert.deepEqual(
    people.ETHNIC_GROUPS.filter((item) => item.group === null).map((item) => item.code),
    ['not_stated', 'not_known'],
  );
  assert.equal(categories.length, 19);
  const perGroup = Object.fromEntries(
    people.ETHNIC_GROUP_HEADINGS.map((heading) => [
      heading.code,
      categories.filter((item) => item.group === heading.code).length,
    ]),
  );
  assert.deepEqual(perGroup, { asian: 5, black: 3, mixed: 4, white: 5, other: 2 });
});

test('no liaison purpose is investigative (PRODUCT.md rule 4)', () => {
  for (const purpose of liaison.LIAISON_PURPOSES) {
    assert.doesNotMatch(`${purpose.code} ${purpose.label}`, /investig|enquir|intelligence/i);
  }
  assert.deepEqual(codesOf(liaison.LIAISON_PURPOSES), [
    'safeguarding',
    'care_coordination',
    'clinical_information',
    'advice',
  ]);
});

test('each triage decision is a case action allowed on a request awaiting triage', () => {
  for (const decision of outcomes.TRIAGE_DECISIONS) {
    assert.ok(transition('awaiting_triage', decision.action).ok, decision.code);
  }
  assert.deepEqual(codesOf(outcomes.TRIAGE_DECISIONS), [
    'accept',
    'advice_only',
    'decline',
    'urgent',
  ]);
});

test('the lists PRODUCT.md spells out have all their entries', () => {
  assert.equal(outcomes.CLOSURE_OUTCOMES.length, 9);
  assert.equal(assessment.PRESENTATIONS.length, 11);
  assert.equal(assessment.PRIMARY_VULNERABILITIES.length, 4);
  assert.equal(assessment.MAINSTREAM_SERVICE_RELATIONS.length, 4);
  assert.equal(assessment.ADDITIONAL_NEEDS.length, 7);
  assert.equal(assessment.FORMULATION_SECTIONS.length, 5);
  assert.deepEqual(codesOf(liaison.MAPPA_CATEGORIES), ['1', '2', '3', '4']);
  assert.deepEqual(codesOf(liaison.MAPPA_LEVELS), ['1', '2', '3']);
  assert.deepEqual(codesOf(prevent.PREVENT_STAGES), ['police_led', 'channel']);
  assert.equal(prevent.REFERRAL_SECTORS.length, 9);
  assert.deepEqual(
    plans.ACTION_STATUSES.filter((status) => status.reasonRequired).map((s) => s.code),
    ['not_achieved'],
  );
});

test('ageOn counts whole years, with 29 February birthdays from 1 March', () => {
  assert.equal(people.ageOn('2000-06-15', '2026-06-14'), 25);
  assert.equal(people.ageOn('2000-06-15', '2026-06-15'), 26);
  assert.equal(people.ageOn('2008-02-29', '2026-02-28'), 17);
  assert.equal(people.ageOn('2008-02-29', '2026-03-01'), 18);
  assert.equal(people.ageOn('2008-02-29', '2028-02-29'), 20);
  assert.throws(() => people.ageOn('15/06/2000', '2026-06-15'), RangeError);
});

test('age bands: edges, and not known for anything that is not an age', () => {
  const expected: [number | null, string][] = [
    [0, 'under_15'],
    [14, 'under_15'],
    [15, '15_17'],
    [17, '15_17'],
    [18, '18_20'],
    [20, '18_20'],
    [21, '21_30'],
    [30, '21_30'],
    [31, '31_40'],
    [60, '51_60'],
    [61, '61_and_over'],
    [104, '61_and_over'],
    [-1, 'not_known'],
    [17.5, 'not_known'],
    [null, 'not_known'],
  ];
  for (const [age, band] of expected) assert.equal(people.ageBandOf(age), band, String(age));
});

test('property: every age falls in exactly one band, and bands follow age order', () => {
  const bands = people.AGE_BANDS.filter((band) => band.code !== 'not_known');
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 130 }), (age) => {
      const containing = bands.filter((band) => age >= band.from && age <= band.to);
      return containing.length === 1 && people.ageBandOf(age) === containing[0]!.code;
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 129 }), (age) => {
      const index = (a: number) => bands.findIndex((b) => b.code === people.ageBandOf(a));
      return index(age) <= index(age + 1);
    }),
  );
});

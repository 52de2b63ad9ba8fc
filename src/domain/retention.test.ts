import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  addYears,
  ageOn,
  childhoodMinimum,
  healthRetention,
  isRetentionClock,
  keepReviewRange,
  nextReviewDates,
  policeFirstReview,
  type RetentionFacts,
} from './retention.ts';

const ADULT: RetentionFacts = {
  dateOfBirth: '1990-05-14',
  lastContactOn: '2026-03-02',
  dateOfDeath: null,
  requestedOn: '2025-11-20',
  closedOn: '2026-04-10',
};

test('adding years: 29 February lands on 1 March in a common year, stays in a leap year', () => {
  assert.equal(addYears('2024-02-29', 1), '2025-03-01');
  assert.equal(addYears('2024-02-29', 4), '2028-02-29');
  assert.equal(addYears('2024-02-29', 20), '2044-02-29');
  assert.equal(addYears('2024-02-29', 6), '2030-03-01');
  assert.equal(addYears('2026-02-28', 2), '2028-02-28');
  assert.equal(addYears('2026-12-31', 20), '2046-12-31');
});

test('age: the day before a birthday and the birthday itself', () => {
  assert.equal(ageOn('2009-06-15', '2026-06-14'), 16);
  assert.equal(ageOn('2009-06-15', '2026-06-15'), 17);
  // Born 29 February: a year older on 1 March of a common year, on 29 February of a leap year.
  assert.equal(ageOn('2008-02-29', '2026-02-28'), 17);
  assert.equal(ageOn('2008-02-29', '2026-03-01'), 18);
  assert.equal(ageOn('2008-02-29', '2028-02-28'), 19);
  assert.equal(ageOn('2008-02-29', '2028-02-29'), 20);
});

test('health, adult: 20 years after the last contact with the person', () => {
  const health = healthRetention(ADULT);
  assert.equal(health.countsFrom, '2026-03-02');
  assert.equal(health.until, '2046-03-02');
  assert.equal(health.rule, 'last_contact');
  assert.equal(health.byChildhood, null);
  assert.deepEqual(nextReviewDates(ADULT), { health: '2046-03-02', police: '2032-04-10' });
});

test('health without a contact: from the closed date, else (open) from the request date', () => {
  const closed = { ...ADULT, lastContactOn: null };
  assert.equal(healthRetention(closed).countsFrom, '2026-04-10');
  assert.equal(nextReviewDates(closed).health, '2046-04-10');
  const open = { ...ADULT, lastContactOn: null, closedOn: null };
  assert.equal(healthRetention(open).countsFrom, '2025-11-20');
  assert.equal(nextReviewDates(open).health, '2045-11-20');
});

test('a last contact on 29 February counts to 1 March in a common year', () => {
  const facts = { ...ADULT, lastContactOn: '2028-02-29', closedOn: '2028-03-15' };
  assert.equal(healthRetention(facts).until, '2048-02-29');
  assert.equal(nextReviewDates({ ...facts, lastContactOn: '2024-02-29' }).health, '2044-02-29');
  assert.equal(addYears('2028-02-29', 21), '2049-03-01');
});

test('death after the last contact: 10 years after death when that is later', () => {
  // Last contact 2026-03-02 → 2046-03-02. Death 2040-01-01 → 2050-01-01: later, so it wins.
  const late = healthRetention({ ...ADULT, dateOfDeath: '2040-01-01' });
  assert.equal(late.byDeath, '2050-01-01');
  assert.equal(late.until, '2050-01-01');
  assert.equal(late.rule, 'death');
  // Death soon after the last contact: 20 years after the contact is still the later date.
  const soon = healthRetention({ ...ADULT, dateOfDeath: '2026-09-01' });
  assert.equal(soon.byDeath, '2036-09-01');
  assert.equal(soon.until, '2046-03-02');
  assert.equal(soon.rule, 'last_contact');
});

test('death recorded as before the last contact never shortens the clock', () => {
  const health = healthRetention({ ...ADULT, dateOfDeath: '2026-01-10' });
  assert.equal(health.byDeath, '2036-01-10');
  assert.equal(health.until, '2046-03-02');
});

test('death: the day before and the day of the 10-year point against the 20-year point', () => {
  // Contact 2026-03-02 → 2046-03-02. A death on 2036-03-01 gives 2046-03-01 (contact wins);
  // 2036-03-02 gives the same day (contact named); 2036-03-03 gives the day after (death wins).
  assert.equal(healthRetention({ ...ADULT, dateOfDeath: '2036-03-01' }).until, '2046-03-02');
  assert.equal(healthRetention({ ...ADULT, dateOfDeath: '2036-03-02' }).rule, 'last_contact');
  const after = healthRetention({ ...ADULT, dateOfDeath: '2036-03-03' });
  assert.equal(after.until, '2046-03-03');
  assert.equal(after.rule, 'death');
});

test('children: 25th birthday when under 17 at the end of treatment, 26th when 17', () => {
  // 17th birthday 2026-06-15: closed the day before (16) or on it (17).
  assert.equal(childhoodMinimum('2009-06-15', '2026-06-14'), '2034-06-15');
  assert.equal(childhoodMinimum('2009-06-15', '2026-06-15'), '2035-06-15');
  // 18th birthday: the day before is still 17 (26th), the day of is an adult (none).
  assert.equal(childhoodMinimum('2008-06-15', '2026-06-14'), '2034-06-15');
  assert.equal(childhoodMinimum('2008-06-15', '2026-06-15'), null);
  // Born 29 February 2008: 17 until 28 February 2026, 18 on 1 March 2026.
  assert.equal(childhoodMinimum('2008-02-29', '2026-02-28'), '2034-03-01');
  assert.equal(childhoodMinimum('2008-02-29', '2026-03-01'), null);
  // Born 29 February 2012: the 25th birthday falls in a common year, so 1 March.
  assert.equal(childhoodMinimum('2012-02-29', '2026-06-01'), '2037-03-01');
});

test('children: the birthday wins only when the last contact was early in childhood', () => {
  // A 16-year-old closed in 2026: 20 years after the contact (2046) beats the 25th birthday.
  const teen: RetentionFacts = {
    dateOfBirth: '2010-01-20',
    lastContactOn: '2026-05-01',
    dateOfDeath: null,
    requestedOn: '2026-01-05',
    closedOn: '2026-05-20',
  };
  const health = healthRetention(teen);
  assert.equal(health.byChildhood, '2035-01-20');
  assert.equal(health.until, '2046-05-01');
  // A contact at age 3 (case closed at 17): the 26th birthday is later than 20 years on.
  const early: RetentionFacts = {
    dateOfBirth: '2000-03-10',
    lastContactOn: '2003-04-01',
    dateOfDeath: null,
    requestedOn: '2003-01-10',
    closedOn: '2017-06-01',
  };
  const kept = healthRetention(early);
  assert.equal(kept.byLastContact, '2023-04-01');
  assert.equal(kept.byChildhood, '2026-03-10');
  assert.equal(kept.until, '2026-03-10');
  assert.equal(kept.rule, 'childhood');
  // The same child closed at 16 (the day before the 17th birthday): the 25th birthday.
  assert.equal(healthRetention({ ...early, closedOn: '2017-03-09' }).until, '2025-03-10');
  // Death of the child: 10 years after death can still be the latest.
  assert.equal(healthRetention({ ...early, dateOfDeath: '2020-01-01' }).until, '2030-01-01');
});

test('police: 6 years after closure; an open case has not started its police clock', () => {
  assert.equal(policeFirstReview(null), null);
  assert.equal(policeFirstReview('2026-04-10'), '2032-04-10');
  assert.equal(policeFirstReview('2024-02-29'), '2030-03-01');
  assert.equal(nextReviewDates({ ...ADULT, closedOn: null }).police, null);
  // The health clock of an open case runs (from the last contact).
  assert.equal(nextReviewDates({ ...ADULT, closedOn: null }).health, '2046-03-02');
});

test('a keep decision sets the next review, never earlier than the rule', () => {
  const kept = {
    ...ADULT,
    keepDecisions: [
      { clock: 'police' as const, nextReviewOn: '2038-04-10' },
      { clock: 'health' as const, nextReviewOn: '2050-01-01' },
    ],
  };
  assert.deepEqual(nextReviewDates(kept), { health: '2050-01-01', police: '2038-04-10' });
  // A keep date earlier than the rule (a contact recorded since): the rule's date.
  const earlier = {
    ...ADULT,
    keepDecisions: [{ clock: 'health' as const, nextReviewOn: '2030-01-01' }],
  };
  assert.equal(nextReviewDates(earlier).health, '2046-03-02');
  // A decision of one clock never moves the other.
  const policeOnly = {
    ...ADULT,
    keepDecisions: [{ clock: 'police' as const, nextReviewOn: '2040-01-01' }],
  };
  assert.equal(nextReviewDates(policeOnly).health, '2046-03-02');
  assert.equal(nextReviewDates(policeOnly).police, '2040-01-01');
  // Two decisions of one clock: the later date stands.
  const two = {
    ...ADULT,
    keepDecisions: [
      { clock: 'police' as const, nextReviewOn: '2038-01-01' },
      { clock: 'police' as const, nextReviewOn: '2044-01-01' },
    ],
  };
  assert.equal(nextReviewDates(two).police, '2044-01-01');
  // A police keep decision on an open (reopened) case does not start the clock.
  assert.equal(nextReviewDates({ ...policeOnly, closedOn: null }).police, null);
});

test('the keep range: after today; police no later than the force period', () => {
  assert.deepEqual(keepReviewRange('police', '2032-04-10', 5), {
    earliest: '2032-04-11',
    latest: '2037-04-10',
  });
  assert.deepEqual(keepReviewRange('health', '2026-12-31', 5), {
    earliest: '2027-01-01',
    latest: null,
  });
  assert.equal(keepReviewRange('police', '2028-02-29', 1).latest, '2029-03-01');
  assert.ok(isRetentionClock('health'));
  assert.ok(!isRetentionClock('other'));
});

test('properties: the health date is never before any of its rules; police follows closure', () => {
  const day = fc
    .date({ min: new Date('1950-01-01'), max: new Date('2060-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(day, day, fc.option(day), fc.option(day), (dob, requested, contact, death) => {
      const facts = {
        dateOfBirth: dob,
        lastContactOn: contact,
        dateOfDeath: death,
        requestedOn: requested,
        closedOn: null,
      };
      const health = healthRetention(facts);
      assert.ok(health.until >= health.byLastContact);
      if (health.byDeath) assert.ok(health.until >= health.byDeath);
      if (health.byChildhood) assert.ok(health.until >= health.byChildhood);
      assert.equal(addYears(health.countsFrom, 20) <= health.until, true);
      assert.ok(ageOn(dob, addYears(dob, 25)) === 25);
    }),
  );
});

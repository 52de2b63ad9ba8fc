import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasMentalHealthDifficulties } from '../../domain/mental-health-difficulties.ts';
import { ageOn } from '../../domain/reference/people.ts';
import { generateWindow, type World } from './cases.ts';
import { NO_IDEOLOGY_OR_UNCLEAR } from './distributions.ts';
import { Random } from './random.ts';
import type { HubStaff } from './staff.ts';
import { DAY, isoDate } from './story.ts';

/**
 * The shares of a few thousand generated requests fall near the published figures the
 * distributions are calibrated to (docs/synthetic-data.md). Generated in memory: the rows are
 * the ones the writer would insert.
 */
const NOW = Date.parse('2026-06-01T09:00:00Z');
const random = new Random('distributions');
const staff: HubStaff[] = ['WM', 'NW', 'LDN'].map((code) => ({
  hubId: random.uuid(),
  code,
  caseOfficers: [random.uuid(), random.uuid()],
  clinicians: [random.uuid(), random.uuid()],
  hubLeads: [random.uuid(), random.uuid()],
  policeLeads: [random.uuid()],
}));
const world: World = {
  runId: 'synthetic:distributions',
  now: NOW,
  counters: new Map(),
  nhsNumbers: new Set(),
  people: new Map(),
};
const batch = generateWindow(world, random, staff, {
  from: NOW - 365 * DAY,
  to: NOW,
  requests: 4000,
});

const share = <T>(rows: T[], test: (row: T) => boolean) => rows.filter(test).length / rows.length;

function near(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${(actual * 100).toFixed(1)}%, expected ${(expected * 100).toFixed(1)}% ± ${(tolerance * 100).toFixed(1)}`,
  );
}

test('referral sectors: education 36%, police 30%, local authority 10% (Home Office 2024/25)', () => {
  const requests = batch.rowsOf('support_requests');
  assert.equal(requests.length, 4000);
  near(
    share(requests, (r) => r.referral_sector === 'education'),
    3129 / 8778,
    0.03,
    'education',
  );
  near(
    share(requests, (r) => r.referral_sector === 'police'),
    2631 / 8778,
    0.03,
    'police',
  );
  near(
    share(requests, (r) => r.referral_sector === 'local_authority'),
    895 / 8778,
    0.02,
    'LA',
  );
});

test('types of concern: no ideology or unclear 56%, extreme right-wing 21%, Islamist 10%', () => {
  const requests = batch.rowsOf('support_requests');
  const unclear = share(requests, (r) =>
    (NO_IDEOLOGY_OR_UNCLEAR as readonly string[]).includes(r.concern_type),
  );
  near(unclear, 0.56, 0.03, 'no ideology or unclear');
  near(
    share(requests, (r) => r.concern_type === 'extreme_right_wing'),
    0.21,
    0.025,
    'ERW',
  );
  near(
    share(requests, (r) => r.concern_type === 'islamist'),
    0.1,
    0.02,
    'Islamist',
  );
});

test('people: about 89% male, a majority under 18 when referred', () => {
  const people = batch.rowsOf('people');
  near(
    share(people, (p) => p.gender === 'male'),
    0.89,
    0.025,
    'male',
  );
  const ages = people.map((p) => ageOn(p.date_of_birth, isoDate((p.created_at as Date).getTime())));
  const under18 = share(ages, (a) => a < 18);
  assert.ok(under18 > 0.5 && under18 < 0.65, `under 18: ${under18}`);
  assert.ok(ages.every((a) => a >= 10 && a <= 76));
});

test('formulations: primary vulnerability, service contact, needs, offending and autism', () => {
  const all = batch.rowsOf('formulations');
  assert.ok(all.length > 1000, `${all.length} formulations`);
  const f = all.map((r) => ({
    ...r,
    presentations: JSON.parse(r.presentations as string) as string[],
    additional_needs: JSON.parse(r.additional_needs as string) as string[],
  }));
  const pv = (code: string) => share(f, (r) => r.primary_vulnerability === code);
  near(pv('diagnosable_mental_illness'), 0.3, 0.04, 'diagnosable mental illness');
  near(pv('complex_needs'), 0.43, 0.04, 'complex needs');
  near(
    share(
      f,
      (r) =>
        r.mainstream_relation === 'lost_to_services' || r.mainstream_relation === 'never_known',
    ),
    0.25,
    0.04,
    'not known or lost to services',
  );
  // "Of those with mental health difficulties" as the statistics page counts them: every
  // primary vulnerability but none, so "mental health not the primary factor" too.
  const withMh = f.filter((r) => hasMentalHealthDifficulties(r.primary_vulnerability ?? null));
  assert.deepEqual([...new Set(withMh.map((r) => r.primary_vulnerability))].sort(), [
    'complex_needs',
    'diagnosable_mental_illness',
    'mental_health_not_primary',
  ]);
  near(
    share(withMh, (r) => r.additional_needs.length > 0),
    0.93,
    0.025,
    'additional needs with MH',
  );
  near(
    share(
      withMh.filter((r) => r.primary_vulnerability === 'mental_health_not_primary'),
      (r) => r.additional_needs.length > 0,
    ),
    0.93,
    0.06,
    'additional needs where mental health is not the primary factor',
  );
  const known = f.filter((r) => r.convictions !== null);
  const convictions = share(known, (r) => r.convictions === true);
  assert.ok(convictions >= 0.3 && convictions <= 0.6, `convictions ${convictions}`);
  const failures = share(known, (r) => r.supervision_failures === true);
  assert.ok(failures > 1 / 3 && failures < 0.45, `supervision failures ${failures}`);
  near(
    share(f, (r) => r.presentations.includes('autism')),
    1 / 7,
    0.03,
    'autism',
  );
});

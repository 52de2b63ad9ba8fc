import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../config.ts';
import { readDeathForm, readKeepForm } from './forms.ts';

const env = { NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret-0123' };
const date = (name: string, d: string, m: string, y: string) => ({
  [`${name}-day`]: d,
  [`${name}-month`]: m,
  [`${name}-year`]: y,
});

test('the force sets the police review period (RETENTION_POLICE_REVIEW_YEARS, default 6)', () => {
  assert.equal(loadConfig(env).retentionPoliceReviewYears, 6);
  assert.equal(
    loadConfig({ ...env, RETENTION_POLICE_REVIEW_YEARS: '3' }).retentionPoliceReviewYears,
    3,
  );
  assert.throws(() => loadConfig({ ...env, RETENTION_POLICE_REVIEW_YEARS: '0' }), /1 and 25/);
  assert.throws(() => loadConfig({ ...env, RETENTION_POLICE_REVIEW_YEARS: 'six' }), /1 and 25/);
});

test('keep: the police date must fall within the period; health has no upper limit', () => {
  const police = { clock: 'police' as const, today: '2026-06-01', policeReviewYears: 3 };
  const last = readKeepForm(
    { reason: 'Complaint', ...date('nextReviewOn', '1', '6', '2029') },
    police,
  );
  assert.deepEqual(last, { ok: true, value: { reason: 'Complaint', nextReviewOn: '2029-06-01' } });
  const over = readKeepForm(
    { reason: 'Complaint', ...date('nextReviewOn', '2', '6', '2029') },
    police,
  );
  assert.equal(over.ok, false);
  if (!over.ok) {
    assert.equal(
      over.errors.byField['nextReviewOn-day']?.text,
      'The next review date must be on or before 1 June 2029 (the force reviews every 3 years)',
    );
  }
  const health = readKeepForm(
    { reason: 'Inquiry', ...date('nextReviewOn', '2', '6', '2070') },
    { ...police, clock: 'health' },
  );
  assert.equal(health.ok, true);
  const today = readKeepForm({ reason: 'x', ...date('nextReviewOn', '1', '6', '2026') }, police);
  assert.equal(today.ok, false);
  const long = readKeepForm(
    { reason: 'x'.repeat(2001), ...date('nextReviewOn', '1', '6', '2027') },
    police,
  );
  assert.equal(long.ok, false);
  if (!long.ok)
    assert.equal(long.errors.summary[0]?.text, 'The reason must be 2,000 characters or fewer');
});

test('date of death: a real date, not in the future, not before birth, with a known source', () => {
  const rule = { today: '2026-06-01', dateOfBirth: '2000-02-29' };
  assert.deepEqual(
    readDeathForm({ ...date('dateOfDeath', '29', '2', '2000'), source: 'coroner' }, rule),
    {
      ok: true,
      value: { dateOfDeath: '2000-02-29', source: 'coroner' },
    },
  );
  const cases = [
    [
      { ...date('dateOfDeath', '28', '2', '2000'), source: 'coroner' },
      'The date of death must be the same as or after 29 February 2000',
    ],
    [
      { ...date('dateOfDeath', '2', '6', '2026'), source: 'coroner' },
      'The date of death must be today or in the past',
    ],
    [
      { ...date('dateOfDeath', '29', '2', '2026'), source: 'coroner' },
      'The date of death must be a real date',
    ],
    [
      { ...date('dateOfDeath', '1', '6', '2026'), source: 'rumour' },
      'Select where the date of death comes from',
    ],
  ] as const;
  for (const [body, message] of cases) {
    const read = readDeathForm(body, rule);
    assert.equal(read.ok, false, message);
    if (!read.ok) assert.equal(read.errors.summary[0]?.text, message);
  }
});

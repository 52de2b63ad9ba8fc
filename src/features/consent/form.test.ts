import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConsentForm } from './form.ts';

const NOW = new Date('2026-06-02T10:00:00Z');

describe('consent form: each answer reveals its own follow-ups', () => {
  it('reads only the chosen answer’s how, when and who; the others are not saved', () => {
    const form = readConsentForm(
      {
        status: 'given',
        'method-given': 'written',
        'decidedAt-given-day': '1',
        'decidedAt-given-month': '6',
        'decidedAt-given-year': '2026',
        'decidedAt-given-time': '08:00',
        // Typed under other answers, then hidden: never read.
        'method-declined': 'verbal',
        'bestInterestsBy-lacks_capacity_best_interests': 'Dr Hidden',
        'decidedAt-lacks_capacity_best_interests-day': '31',
        version: '3',
      },
      NOW,
    );
    assert.ok(form.ok);
    assert.equal(form.consent.method, 'written');
    assert.equal(form.consent.bestInterestsBy, null);
    assert.equal(form.consent.decidedAt?.toISOString(), '2026-06-01T07:00:00.000Z');
  });

  it('"Not yet sought" asks nothing more: follow-ups sent under other answers are ignored', () => {
    const form = readConsentForm(
      {
        status: 'not_yet_sought',
        'method-given': 'verbal',
        'decidedAt-given-day': 'x',
        version: '1',
      },
      NOW,
    );
    assert.ok(form.ok);
    assert.deepEqual([form.consent.method, form.consent.decidedAt], [null, null]);
  });

  it('errors name the follow-up under the chosen answer, in page order', () => {
    const form = readConsentForm(
      { status: 'lacks_capacity_best_interests', 'method-given': 'verbal', version: '1' },
      NOW,
    );
    assert.ok(!form.ok);
    assert.deepEqual(
      form.errors.summary.map((e) => e.href),
      [
        '#bestInterestsBy-lacks_capacity_best_interests',
        '#decidedAt-lacks_capacity_best_interests-day',
      ],
    );
  });

  it('still reads the plain names (a client posting one set of fields)', () => {
    const form = readConsentForm(
      {
        status: 'declined',
        method: 'verbal',
        'decidedAt-day': '1',
        'decidedAt-month': '6',
        'decidedAt-year': '2026',
        'decidedAt-time': '08:00',
        version: '1',
      },
      NOW,
    );
    assert.ok(form.ok);
    assert.equal(form.consent.method, 'verbal');
  });
});

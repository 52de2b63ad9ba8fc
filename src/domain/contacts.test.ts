import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consentInForceOn, engagementAllowedOn, type DatedConsentRecord } from './consent.ts';
import {
  attendedTooEarly,
  didNotAttendCount,
  lastPersonContact,
  needsConsent,
  outcomeRefusal,
  weekWindow,
} from './contacts.ts';
import { longDate } from './dates.ts';
import { londonDate } from './london-day.ts';
import { amendmentRefusal } from './notes.ts';

const options = { dayOf: londonDate, longDate };
const entry = (
  status: DatedConsentRecord['status'],
  decided: string | null,
  recorded: string,
): DatedConsentRecord => ({
  status,
  method: status === 'given' || status === 'declined' || status === 'withdrawn' ? 'verbal' : null,
  decidedAt: decided ? new Date(decided) : null,
  recordedAt: new Date(recorded),
});

describe('consent in force on a day', () => {
  const given = entry('given', '2026-05-22T10:00:00Z', '2026-05-22T10:05:00Z');
  const withdrawn = entry('withdrawn', '2026-06-03T09:00:00Z', '2026-06-03T09:10:00Z');

  it('no history: refused, saying no consent was in force on the day', () => {
    const decision = engagementAllowedOn([], '2026-06-01', options);
    assert.equal(decision.allowed, false);
    assert.match(!decision.allowed ? decision.message : '', /no consent in force on 1 June 2026/);
  });

  it('from the day consent was decided, not the day before', () => {
    assert.equal(engagementAllowedOn([given], '2026-05-21', options).allowed, false);
    assert.equal(engagementAllowedOn([given], '2026-05-22', options).allowed, true);
    assert.equal(engagementAllowedOn([given], '2026-12-31', options).allowed, true);
  });

  it('until the day it was withdrawn: the day before is allowed, that day is not', () => {
    const history = [given, withdrawn];
    assert.equal(engagementAllowedOn(history, '2026-06-02', options).allowed, true);
    const on = engagementAllowedOn(history, '2026-06-03', options);
    assert.equal(on.allowed, false);
    assert.match(!on.allowed ? on.message : '', /withdrawn consent on 3 June 2026/);
  });

  it('a consent recorded late but decided earlier counts from its decision', () => {
    const late = entry('given', '2026-05-01T12:00:00Z', '2026-05-20T12:00:00Z');
    assert.equal(engagementAllowedOn([late], '2026-05-02', options).allowed, true);
  });

  it('"not yet sought" counts from the day it was recorded', () => {
    const sought = entry('not_yet_sought', null, '2026-06-05T10:00:00Z');
    assert.equal(engagementAllowedOn([given, sought], '2026-06-04', options).allowed, true);
    assert.equal(engagementAllowedOn([given, sought], '2026-06-05', options).allowed, false);
  });

  it('on the same day the entry recorded last wins', () => {
    const declined = entry('declined', '2026-06-10T09:00:00Z', '2026-06-10T09:00:00Z');
    const givenLater = entry('given', '2026-06-10T08:00:00Z', '2026-06-10T15:00:00Z');
    assert.equal(
      consentInForceOn([declined, givenLater], '2026-06-10', londonDate)?.status,
      'given',
    );
    assert.equal(
      consentInForceOn([givenLater, declined], '2026-06-10', londonDate)?.status,
      'given',
    );
  });

  it('a best-interests decision allows contact', () => {
    const bi = entry(
      'lacks_capacity_best_interests',
      '2026-05-22T10:00:00Z',
      '2026-05-22T10:00:00Z',
    );
    assert.equal(engagementAllowedOn([bi], '2026-05-22', options).allowed, true);
  });

  it('the day is the UK day: 23:30 UTC on 2 June is 12:30am on 3 June in summer', () => {
    const lateEvening = entry('given', '2026-06-02T23:30:00Z', '2026-06-02T23:30:00Z');
    assert.equal(engagementAllowedOn([lateEvening], '2026-06-02', options).allowed, false);
    assert.equal(engagementAllowedOn([lateEvening], '2026-06-03', options).allowed, true);
  });
});

describe('contact rules', () => {
  it('only booked or attended contacts with the person need consent', () => {
    assert.equal(needsConsent('person', 'planned'), true);
    assert.equal(needsConsent('person', 'attended'), true);
    assert.equal(needsConsent('person', 'did_not_attend'), false);
    assert.equal(needsConsent('person', 'cancelled'), false);
    assert.equal(needsConsent('family_carer', 'attended'), false);
    assert.equal(needsConsent('professional', 'planned'), false);
  });

  it('only a booked appointment takes an outcome', () => {
    assert.equal(outcomeRefusal('planned'), null);
    for (const status of ['attended', 'did_not_attend', 'cancelled', 'rescheduled'] as const) {
      assert.match(outcomeRefusal(status) ?? '', /already has an outcome/);
    }
  });

  it('attended is refused before the appointment day, allowed on and after it', () => {
    assert.equal(attendedTooEarly('attended', '2026-06-02', '2026-06-01'), true);
    assert.equal(attendedTooEarly('attended', '2026-06-01', '2026-06-01'), false);
    assert.equal(attendedTooEarly('did_not_attend', '2026-06-02', '2026-06-01'), false);
  });

  it('counts did-not-attends and finds the last attended contact with the person', () => {
    const contacts = [
      { kind: 'person', status: 'did_not_attend', day: '2026-06-01' },
      { kind: 'person', status: 'attended', day: '2026-05-20' },
      { kind: 'family_carer', status: 'attended', day: '2026-06-10' },
      { kind: 'person', status: 'did_not_attend', day: '2026-06-08' },
      { kind: 'person', status: 'attended', day: '2026-05-28' },
    ] as const;
    assert.equal(didNotAttendCount(contacts), 2);
    assert.equal(lastPersonContact(contacts), '2026-05-28');
    assert.equal(lastPersonContact([]), null);
  });

  it('the week is today and the next 7 days, across a month and a year end', () => {
    assert.deepEqual(weekWindow('2026-06-01'), { from: '2026-06-01', to: '2026-06-08' });
    assert.deepEqual(weekWindow('2026-12-28'), { from: '2026-12-28', to: '2027-01-04' });
    assert.deepEqual(weekWindow('2028-02-25'), { from: '2028-02-25', to: '2028-03-03' });
  });
});

describe('note amendments', () => {
  const current = { kind: 'clinical', notedOn: '2026-06-01', body: 'Seen at home.' } as const;
  it('need a reason and a change', () => {
    assert.equal(amendmentRefusal(current, { ...current, reason: null })?.field, 'reason');
    assert.equal(amendmentRefusal(current, { ...current, reason: 'Typo' })?.field, 'body');
    assert.equal(
      amendmentRefusal(current, { ...current, body: 'Seen at home with mother.', reason: 'Typo' }),
      null,
    );
    assert.equal(
      amendmentRefusal(current, { ...current, kind: 'safeguarding_concern', reason: 'Kind' }),
      null,
    );
  });
});

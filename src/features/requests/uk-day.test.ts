import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { testClock } from '../../../test/support/clock.ts';

// 23:30 UTC on 15 July is 00:30 BST on 16 July: today in the UK is 16 July, in UTC 15 July.
const HALF_PAST_MIDNIGHT_BST = new Date('2026-07-15T23:30:00Z');

// Synthetic people only.
const PERSON = {
  givenName: 'Canaryson',
  familyName: 'Testwick',
  otherNames: '',
  nhsNumber: '',
  gender: 'male',
  ethnicity: 'not_stated',
  postcodeDistrict: 'b15',
  firstLanguage: 'English',
  communicationNeeds: '',
};
const PREVENT = { pcmtReference: 'PCMT-0001', preventStage: 'channel', channelReference: '' };

const dateOf = (name: string, day: string) => ({
  [`${name}-day`]: day,
  [`${name}-month`]: '7',
  [`${name}-year`]: '2026',
});

describe("the request form takes today's date in the UK, not UTC's", () => {
  let t: TestApp;
  let officer: SignedIn;

  beforeEach(async () => {
    t = await testApp({ clock: testClock(HALF_PAST_MIDNIGHT_BST) });
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (url: string, fields: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: officer.csrfToken, ...fields }).toString(),
    });

  async function newDraft(): Promise<string> {
    const started = await post('/requests/new');
    assert.equal(started.statusCode, 303);
    return String(started.headers.location);
  }

  it('at 00:30 BST a date of birth and a gateway date of today (16 July) are accepted', async () => {
    assert.equal(t.clock.now().toISOString().slice(0, 10), '2026-07-15', "UTC's day is yesterday");
    const draft = await newDraft();
    const person = await post(`${draft}/about-the-person`, {
      ...PERSON,
      ...dateOf('dateOfBirth', '16'),
    });
    assert.equal(person.statusCode, 303, 'date of birth of today accepted');
    assert.equal(person.headers.location, draft);
    const prevent = await post(`${draft}/prevent-references`, {
      ...PREVENT,
      ...dateOf('gatewayDate', '16'),
    });
    assert.equal(prevent.statusCode, 303, 'gateway date of today accepted');
    assert.equal(prevent.headers.location, draft);
  });

  it('at 00:30 BST a date of birth and a gateway date of tomorrow (17 July) are refused', async () => {
    const draft = await newDraft();
    const person = await post(`${draft}/about-the-person`, {
      ...PERSON,
      ...dateOf('dateOfBirth', '17'),
    });
    assert.equal(person.statusCode, 400);
    assert.match(person.body, /href="#dateOfBirth-day">Date of birth must be today or in the past/);
    const prevent = await post(`${draft}/prevent-references`, {
      ...PREVENT,
      ...dateOf('gatewayDate', '17'),
    });
    assert.equal(prevent.statusCode, 400);
    assert.match(
      prevent.body,
      /href="#gatewayDate-day">Gateway assessment date must be today or in the past/,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONCERN_TYPES } from './options.ts';
import { parseSection, type PersonAnswers, type UrgencyAnswers } from './sections.ts';

const context = { today: '2026-06-01', concernTypes: DEFAULT_CONCERN_TYPES, hubs: [] };
const person = {
  givenName: 'Synthia',
  familyName: 'Browserton',
  otherNames: '',
  'dateOfBirth-day': '28',
  'dateOfBirth-month': '2',
  'dateOfBirth-year': '1998',
  nhsNumber: '',
  gender: 'female',
  ethnicity: '',
  postcodeDistrict: '',
  firstLanguage: '',
  communicationNeeds: '',
};

describe('request sections: what a real person may not know', () => {
  it('ethnic group, postcode district and first language may be not known', () => {
    const parsed = parseSection('person', person, context);
    assert.ok(parsed.ok);
    const answers = parsed.value as PersonAnswers;
    assert.equal(answers.ethnicity, 'not_known');
    assert.equal(answers.postcodeDistrict, null);
    assert.equal(answers.firstLanguage, null);
  });

  it('a postcode district given must still be one, and an ethnic group from the list', () => {
    const parsed = parseSection(
      'person',
      { ...person, postcodeDistrict: 'b15 2tt', ethnicity: 'martian' },
      context,
    );
    assert.ok(!parsed.ok);
    assert.deepEqual(Object.keys(parsed.errors), ['ethnicity', 'postcodeDistrict']);
    const good = parseSection('person', { ...person, postcodeDistrict: 'b15' }, context);
    assert.ok(good.ok);
    assert.equal((good.value as PersonAnswers).postcodeDistrict, 'B15');
  });

  it('"Why is it urgent?" is needed only when urgent, and dropped for a routine request', () => {
    const routine = parseSection(
      'urgency',
      { personAware: 'yes', urgency: 'routine', urgencyReason: 'Typed, then hidden' },
      context,
    );
    assert.ok(routine.ok);
    assert.equal((routine.value as UrgencyAnswers).urgencyReason, null);
    const urgent = parseSection(
      'urgency',
      { personAware: 'yes', urgency: 'urgent', urgencyReason: '' },
      context,
    );
    assert.ok(!urgent.ok);
    assert.deepEqual(Object.keys(urgent.errors), ['urgencyReason']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDomainForm } from './form.ts';
import type { TemplateDomain } from './templates.ts';

const domain = {
  code: 'mental_health',
  label: 'Mental health',
  factors: [
    { code: 'insight', label: 'Insight' },
    { code: 'mood', label: 'Mood' },
    { code: 'sleep', label: 'Sleep' },
  ],
} as unknown as TemplateDomain;

describe('domain form: relevance is asked only under a presence that needs it', () => {
  it('reads the relevance under the chosen presence; none for "Omitted"; hidden copies ignored', () => {
    const form = readDomainForm(
      {
        'presence-insight': 'present',
        'relevance-insight-present': 'high',
        'relevance-insight-partial': 'low', // typed, then hidden by choosing "Present"
        'evidence-insight': 'Said so',
        'presence-mood': 'omitted',
        'relevance-mood-present': 'high', // hidden once "Omitted" was chosen
        'relevance-mood': 'moderate', // a plain relevance for an omitted factor
        'presence-sleep': 'absent',
        'relevance-sleep': 'low', // the plain name still works
        version: '2',
      },
      domain,
    );
    assert.ok(form.ok);
    assert.deepEqual(
      form.data.ratings.map((r) => [r.factorCode, r.presence, r.relevance]),
      [
        ['insight', 'present', 'high'],
        ['mood', 'omitted', null],
        ['sleep', 'absent', 'low'],
      ],
    );
  });

  it('a wrong relevance is reported on the copy the user sees', () => {
    const form = readDomainForm(
      { 'presence-insight': 'partial', 'relevance-insight-partial': 'huge', version: '2' },
      domain,
    );
    assert.ok(!form.ok);
    assert.deepEqual(
      form.errors.summary.map((e) => e.href),
      ['#relevance-insight-partial'],
    );
  });
});

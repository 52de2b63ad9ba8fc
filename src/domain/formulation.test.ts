import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  domainStatus,
  emptyContent,
  fivePsStatus,
  formulationChanges,
  maySignOff,
  OWN_FORMULATION,
  ratingComplete,
  reportingStatus,
  returnRefusal,
  reviewRefusal,
  signOffRefusal,
  submitProblems,
  type FactorRating,
  type FormulationContent,
} from './formulation.ts';
import { ROLES } from './roles.ts';

const template = {
  domains: [
    { code: 'mh', factors: [{ code: 'a' }, { code: 'b' }] },
    { code: 'ss', factors: [{ code: 'c' }] },
  ],
};

const rating = (factorCode: string, over: Partial<FactorRating> = {}): FactorRating => ({
  domainCode: factorCode === 'c' ? 'ss' : 'mh',
  factorCode,
  presence: 'present',
  relevance: 'high',
  evidence: 'Seen at interview',
  ...over,
});

function complete(): FormulationContent {
  return {
    factors: [rating('a'), rating('b', { presence: 'absent', evidence: null }), rating('c')],
    fivePs: {
      presenting: 'p1',
      predisposing: 'p2',
      precipitating: 'p3',
      perpetuating: 'p4',
      protective: 'p5',
    },
    reporting: {
      primaryVulnerability: 'complex_needs',
      presentations: ['anxiety', 'autism'],
      presentationOther: null,
      mainstreamRelation: 'known_not_engaged',
      additionalNeeds: ['housing'],
      convictions: false,
      supervisionFailures: null,
    },
    scenarios: [{ description: 'Withdraws', triggers: 'Eviction', warningSigns: 'Missed calls' }],
  };
}

describe('ratings and sections', () => {
  test('a rating is complete with presence, relevance, and evidence when present or partial', () => {
    assert.equal(ratingComplete(undefined), false);
    assert.equal(ratingComplete(rating('a')), true);
    assert.equal(
      ratingComplete(rating('a', { presence: 'omitted', relevance: null, evidence: null })),
      true,
    );
    assert.equal(ratingComplete(rating('a', { presence: 'absent', evidence: null })), true);
    assert.equal(ratingComplete(rating('a', { relevance: null })), false);
    assert.equal(ratingComplete(rating('a', { presence: 'partial', evidence: null })), false);
    assert.equal(ratingComplete(rating('a', { presence: 'present', evidence: '' })), false);
  });

  test('a domain is not started, in progress or completed', () => {
    const content = emptyContent();
    assert.equal(domainStatus(content, template.domains[0]!), 'not_started');
    content.factors = [rating('a')];
    assert.equal(domainStatus(content, template.domains[0]!), 'in_progress');
    content.factors.push(rating('b'));
    assert.equal(domainStatus(content, template.domains[0]!), 'completed');
    // A rating filed under another domain does not count.
    content.factors = [rating('c', { domainCode: 'mh' })];
    assert.equal(domainStatus(content, template.domains[1]!), 'not_started');
  });

  test('the 5 Ps need all five, blank text does not count', () => {
    const content = emptyContent();
    assert.equal(fivePsStatus(content), 'not_started');
    content.fivePs.presenting = '  ';
    assert.equal(fivePsStatus(content), 'not_started');
    content.fivePs.presenting = 'x';
    assert.equal(fivePsStatus(content), 'in_progress');
    assert.equal(fivePsStatus(complete()), 'completed');
  });

  test('the summary needs the primary vulnerability, the relation, and "other" described', () => {
    const content = complete();
    assert.equal(reportingStatus(content), 'completed');
    content.reporting.presentations = ['other'];
    assert.equal(reportingStatus(content), 'in_progress');
    content.reporting.presentationOther = 'Hoarding';
    assert.equal(reportingStatus(content), 'completed');
    assert.equal(reportingStatus(emptyContent()), 'not_started');
  });
});

describe('submitProblems', () => {
  test('a complete first version has no problems', () => {
    assert.deepEqual(
      submitProblems({ content: complete(), template, isReview: false, reviewReason: null }),
      [],
    );
  });

  test('an empty version lists every section in task-list order', () => {
    const problems = submitProblems({
      content: emptyContent(),
      template,
      isReview: true,
      reviewReason: ' ',
    });
    assert.deepEqual(
      problems.map((p) => p.section),
      [
        { kind: 'domain', code: 'mh' },
        { kind: 'domain', code: 'ss' },
        { kind: 'five_ps' },
        { kind: 'scenarios' },
        { kind: 'summary' },
        { kind: 'review_reason' },
      ],
    );
  });

  test('a review needs its reason; a template without domains needs no ratings', () => {
    const content = complete();
    content.factors = [];
    const problems = submitProblems({
      content,
      template: { domains: [] },
      isReview: true,
      reviewReason: null,
    });
    assert.deepEqual(
      problems.map((p) => p.section.kind),
      ['review_reason'],
    );
    assert.deepEqual(
      submitProblems({
        content,
        template: { domains: [] },
        isReview: true,
        reviewReason: 'New job',
      }),
      [],
    );
  });
});

describe('workflow', () => {
  test('sign-off: only a submitted version, never by its author', () => {
    assert.equal(signOffRefusal({ status: 'submitted', authorId: 'u1', userId: 'u2' }), null);
    assert.equal(
      signOffRefusal({ status: 'submitted', authorId: 'u1', userId: 'u1' }),
      OWN_FORMULATION,
    );
    assert.match(signOffRefusal({ status: 'draft', authorId: 'u1', userId: 'u2' })!, /submitted/);
    assert.match(
      signOffRefusal({ status: 'signed_off', authorId: 'u1', userId: 'u2' })!,
      /submitted/,
    );
  });

  test('who decides: a senior clinician or hub lead of the case’s hub, whatever else they hold', () => {
    const sameHub = { sameHub: true };
    for (const role of ROLES) {
      const expected = role === 'senior_clinician' || role === 'hub_lead';
      assert.equal(maySignOff([role], sameHub), expected, role);
      assert.equal(maySignOff(['clinician', role], sameHub), expected, `clinician and ${role}`);
      assert.equal(maySignOff([role], { sameHub: false }), false, `${role} of another hub`);
    }
    assert.equal(maySignOff([...ROLES], { sameHub: false }), false);
    assert.equal(maySignOff([], sameHub), false);
  });

  test('return: only a submitted version', () => {
    assert.equal(returnRefusal('submitted'), null);
    assert.notEqual(returnRefusal('draft'), null);
    assert.notEqual(returnRefusal('signed_off'), null);
  });

  test('review: from a signed-off version, with nothing in progress', () => {
    assert.match(reviewRefusal([])!, /none yet/);
    assert.match(reviewRefusal([{ status: 'draft' }])!, /in progress/);
    assert.match(
      reviewRefusal([{ status: 'signed_off' }, { status: 'submitted' }])!,
      /in progress/,
    );
    assert.equal(reviewRefusal([{ status: 'signed_off' }, { status: 'signed_off' }]), null);
  });
});

describe('formulationChanges', () => {
  test('identical versions: no changes (arrays in any order, text trimmed)', () => {
    const a = complete();
    const b = complete();
    b.reporting.presentations = ['autism', 'anxiety'];
    b.fivePs.presenting = ' p1 ';
    assert.deepEqual(formulationChanges(a, b), []);
  });

  test('factor by factor, in template order, each aspect', () => {
    const before = complete();
    const after = complete();
    after.factors = [
      rating('c', { relevance: 'low' }),
      rating('a', { presence: 'partial', evidence: 'Reported by GP' }),
      rating('b', { presence: 'absent', evidence: null }),
    ];
    assert.deepEqual(formulationChanges(before, after, ['a', 'b', 'c']), [
      {
        kind: 'factor',
        domainCode: 'mh',
        factorCode: 'a',
        aspect: 'presence',
        before: 'present',
        after: 'partial',
      },
      {
        kind: 'factor',
        domainCode: 'mh',
        factorCode: 'a',
        aspect: 'evidence',
        before: 'Seen at interview',
        after: 'Reported by GP',
      },
      {
        kind: 'factor',
        domainCode: 'ss',
        factorCode: 'c',
        aspect: 'relevance',
        before: 'high',
        after: 'low',
      },
    ]);
  });

  test('a factor rated in one version only changes from or to nothing', () => {
    const before = complete();
    const after = complete();
    after.factors = after.factors.filter((r) => r.factorCode !== 'a');
    after.factors.push(
      rating('z', { domainCode: 'mh', presence: 'omitted', relevance: null, evidence: null }),
    );
    assert.deepEqual(formulationChanges(before, after, ['a', 'b', 'c']), [
      {
        kind: 'factor',
        domainCode: 'mh',
        factorCode: 'a',
        aspect: 'presence',
        before: 'present',
        after: null,
      },
      {
        kind: 'factor',
        domainCode: 'mh',
        factorCode: 'a',
        aspect: 'relevance',
        before: 'high',
        after: null,
      },
      {
        kind: 'factor',
        domainCode: 'mh',
        factorCode: 'a',
        aspect: 'evidence',
        before: 'Seen at interview',
        after: null,
      },
      {
        kind: 'factor',
        domainCode: 'mh',
        factorCode: 'z',
        aspect: 'presence',
        before: null,
        after: 'omitted',
      },
    ]);
  });

  test('field by field: 5 Ps, codes, lists, yes/no/not known', () => {
    const before = complete();
    const after = complete();
    after.fivePs.precipitating = 'Lost job';
    after.reporting.primaryVulnerability = 'diagnosable_mental_illness';
    after.reporting.additionalNeeds = [];
    after.reporting.convictions = null;
    after.reporting.supervisionFailures = true;
    assert.deepEqual(formulationChanges(before, after), [
      { kind: 'field', field: 'precipitating', before: 'p3', after: 'Lost job' },
      {
        kind: 'field',
        field: 'primaryVulnerability',
        before: 'complex_needs',
        after: 'diagnosable_mental_illness',
      },
      { kind: 'field', field: 'additionalNeeds', before: ['housing'], after: [] },
      { kind: 'field', field: 'convictions', before: false, after: null },
      { kind: 'field', field: 'supervisionFailures', before: null, after: true },
    ]);
  });

  test('scenarios: changed, added and removed by position', () => {
    const before = complete();
    const after = complete();
    after.scenarios = [
      { description: 'Withdraws', triggers: 'Eviction notice', warningSigns: 'Missed calls' },
      { description: 'Travels abroad', triggers: null, warningSigns: null },
    ];
    assert.deepEqual(formulationChanges(before, after), [
      {
        kind: 'scenario',
        position: 1,
        change: 'changed',
        aspect: 'triggers',
        before: 'Eviction',
        after: 'Eviction notice',
      },
      {
        kind: 'scenario',
        position: 2,
        change: 'added',
        aspect: null,
        before: null,
        after: 'Travels abroad',
      },
    ]);
    assert.deepEqual(formulationChanges(after, before).at(-1), {
      kind: 'scenario',
      position: 2,
      change: 'removed',
      aspect: null,
      before: 'Travels abroad',
      after: null,
    });
  });
});

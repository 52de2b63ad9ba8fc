import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NOT_AUTHOR_OR_LEAD,
  RECORD_KINDS,
  RECTIFIABLE_KINDS,
  correctionReason,
  isRecordKind,
  isRestricted,
  isWithheld,
  kindsOf,
  notAuthorOrLead,
  rectificationRefusal,
  restrictedKey,
  restrictedNotice,
} from './rectification.ts';

test('only the author or the hub lead may answer a correction request', () => {
  assert.equal(rectificationRefusal({ userId: 'a', authorId: 'a', hubLead: false }), null);
  assert.equal(rectificationRefusal({ userId: 'b', authorId: 'a', hubLead: true }), null);
  assert.equal(
    rectificationRefusal({ userId: 'b', authorId: 'a', hubLead: false }),
    NOT_AUTHOR_OR_LEAD,
  );
});

test('a note is restricted once an answer annotated it, never by a correction alone', () => {
  assert.equal(isRestricted([]), false);
  assert.equal(isRestricted(['corrected', 'corrected']), false);
  assert.equal(isRestricted(['corrected', 'annotated']), true);
});

test("a correction's reason says it was asked for, and fits the version's reason", () => {
  assert.equal(correctionReason('wrong date'), "Corrected at the person's request: wrong date");
  assert.equal(correctionReason('x'.repeat(2000)).length, 1000);
});

test('for each kind: its author, or the lead of its own side, answers; never the other side', () => {
  for (const kind of RECORD_KINDS) {
    const police = RECTIFIABLE_KINDS[kind].compartment === 'police';
    const base = { kind, authorId: 'a', hubLead: false, policeLead: false };
    assert.equal(rectificationRefusal({ ...base, userId: 'a' }), null, `${kind}: the author`);
    assert.equal(
      rectificationRefusal({ ...base, userId: 'b' }),
      notAuthorOrLead(kind),
      `${kind}: someone else`,
    );
    assert.equal(
      rectificationRefusal({ ...base, userId: 'b', hubLead: true }),
      police ? notAuthorOrLead(kind) : null,
      `${kind}: the hub lead`,
    );
    assert.equal(
      rectificationRefusal({ ...base, userId: 'b', policeLead: true }),
      police ? null : notAuthorOrLead(kind),
      `${kind}: the police lead`,
    );
  }
  assert.match(notAuthorOrLead('police_update'), /police lead/);
  assert.match(notAuthorOrLead('contact'), /hub lead/);
});

test('the kinds of each compartment, and the tables whose rows a restriction withholds', () => {
  assert.deepEqual(kindsOf('police'), ['police_request', 'police_update']);
  assert.deepEqual(kindsOf('health'), ['note', 'contact', 'liaison', 'formulation', 'plan']);
  assert.ok(isRecordKind('plan'));
  assert.ok(!isRecordKind('toString'));
  const restricted = new Set([restrictedKey('plan_actions', 'x')]);
  assert.equal(isWithheld(restricted, 'plan_actions', 'x'), true);
  assert.equal(isWithheld(restricted, 'plans', 'x'), false);
  assert.equal(isWithheld(restricted, 'plan_actions', null), false);
  assert.match(restrictedNotice('formulation'), /this formulation/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NOT_AUTHOR_OR_LEAD,
  correctionReason,
  isRestricted,
  rectificationRefusal,
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

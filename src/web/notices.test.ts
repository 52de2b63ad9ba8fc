import assert from 'node:assert/strict';
import { test } from 'node:test';
import { savedNotice, withNotice } from './notices.ts';

test('a notice is shown only for a code of the page’s own list', () => {
  const notices = { saved: 'Saved' };
  assert.equal(savedNotice(notices, 'saved'), 'Saved');
  assert.equal(savedNotice(notices, 'toString'), null);
  assert.equal(savedNotice(notices, '<b>'), null);
  assert.equal(savedNotice(notices, ['saved', 'saved']), null);
  assert.equal(savedNotice(notices, undefined), null);
  assert.equal(withNotice('/cases/1', 'saved', 'consent'), '/cases/1?done=saved#consent');
  assert.equal(withNotice('/cases/1', 'saved'), '/cases/1?done=saved');
});

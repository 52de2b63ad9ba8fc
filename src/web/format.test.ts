import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeLabel } from './format.ts';

test('a Change link’s hidden text is the row’s label in running text, abbreviations kept', () => {
  assert.equal(changeLabel('Date of birth'), 'date of birth');
  assert.equal(changeLabel('NHS number'), 'NHS number');
  assert.equal(changeLabel('PCMT reference'), 'PCMT reference');
  assert.equal(changeLabel('Legal basis'), 'legal basis');
  assert.equal(changeLabel('A'), 'a');
});

test('times in GOV.UK style, UK time: 2:46pm, 9am on the hour, midday and midnight', async () => {
  const { formatTime, formatDateTime } = await import('./format.ts');
  assert.equal(formatTime(new Date('2026-12-02T14:46:30Z')), '2:46pm'); // GMT
  assert.equal(formatTime(new Date('2026-06-01T01:46:00Z')), '2:46am'); // BST
  assert.equal(formatTime(new Date('2026-12-02T09:00:00Z')), '9am');
  assert.equal(formatTime(new Date('2026-12-02T12:00:00Z')), 'midday');
  assert.equal(formatTime(new Date('2026-12-02T00:00:00Z')), 'midnight');
  assert.equal(formatTime(new Date('2026-12-02T00:05:00Z')), '12:05am');
  assert.equal(formatTime(new Date('2026-12-02T12:30:00Z')), '12:30pm');
  assert.equal(formatDateTime(new Date('2026-06-01T23:30:00Z')), '2 June 2026 at 12:30am');
});

test('a multi-line summary value keeps its lines, escaped, with no leading line break', async () => {
  const { multilineValue } = await import('./format.ts');
  assert.deepEqual(multilineValue('Decision: <b>"yes"</b> & more\r\nRationale: it\'s fine'), {
    html: 'Decision: &lt;b&gt;&quot;yes&quot;&lt;/b&gt; &amp; more<br>Rationale: it&#39;s fine',
  });
  assert.deepEqual(multilineValue('one line'), { html: 'one line' });
});

test('a future date example is a month after today, so never already past', async () => {
  const { futureDateExample } = await import('./format.ts');
  assert.equal(futureDateExample('2026-06-01'), '1 7 2026');
  assert.equal(futureDateExample('2026-12-15'), '14 1 2027');
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mojDate } from './moj-date.ts';
import { createViews } from './views.ts';

describe('mojDate filter', () => {
  const summer = '2026-06-01T12:32:00Z'; // 1:32pm in London (BST)
  const winter = new Date('2026-01-05T00:00:00Z'); // midnight in London (GMT)

  it('formats each MoJ type in UK time', () => {
    assert.equal(mojDate(summer, 'datetime'), '1 June 2026 at 1:32pm');
    assert.equal(mojDate(summer, 'shortdatetime'), '1 Jun 2026 at 1:32pm');
    assert.equal(mojDate(summer, 'date'), '1 June 2026');
    assert.equal(mojDate(summer, 'shortdate'), '1 Jun 2026');
    assert.equal(mojDate(summer, 'time'), '1:32pm');
    assert.equal(mojDate(winter, 'datetime'), '5 January 2026 at midnight');
    assert.equal(mojDate('2026-09-10T11:00:00Z', 'shortdate'), '10 Sep 2026');
    assert.equal(mojDate('2026-09-10T11:00:00Z', 'time'), 'midday');
  });

  it('a date late in the UTC day can be the next day in London', () => {
    assert.equal(mojDate('2026-06-01T23:30:00Z', 'datetime'), '2 June 2026 at 12:30am');
  });

  it('returns what it was given for an unknown type or an invalid date', () => {
    assert.equal(mojDate(summer, 'fortnight'), summer);
    assert.equal(mojDate(summer), summer);
    assert.equal(mojDate('not a date', 'date'), 'not a date');
    assert.equal(mojDate(undefined, 'date'), undefined);
  });

  it('is registered for templates, so the MoJ timeline macro renders', () => {
    const html = createViews().renderString(
      '{% from "moj/components/timeline/macro.njk" import mojTimeline %}' +
        '{{ mojTimeline({ items: [{ label: { text: "Triaged" }, datetime: { timestamp: t, type: "datetime" } }] }) }}',
      { t: summer },
    );
    assert.match(html, /<time datetime="2026-06-01T12:32:00Z">1 June 2026 at 1:32pm<\/time>/);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  monthsIn,
  calendarMonth,
  financialQuarter,
  financialYear,
  financialYearOf,
  parsePeriod,
  periodInstants,
  quartersOffered,
} from './period.ts';

const TODAY = '2026-06-01';

test('a financial year runs from 1 April to 31 March', () => {
  assert.deepEqual(
    [financialYear(2025).from, financialYear(2025).to],
    ['2025-04-01', '2026-03-31'],
  );
  assert.equal(financialYear(2025).label, 'financial year 2025 to 2026');
  assert.equal(financialYearOf('2026-03-31'), 2025);
  assert.equal(financialYearOf('2026-04-01'), 2026);
});

test('the quarters of a financial year tile it, quarter 4 in the next calendar year', () => {
  const quarters = ([1, 2, 3, 4] as const).map((q) => financialQuarter(2025, q));
  assert.deepEqual(
    quarters.map((q) => [q.from, q.to]),
    [
      ['2025-04-01', '2025-06-30'],
      ['2025-07-01', '2025-09-30'],
      ['2025-10-01', '2025-12-31'],
      ['2026-01-01', '2026-03-31'],
    ],
  );
  assert.equal(quarters[3]!.label, 'January to March 2026 (quarter 4 of 2025 to 2026)');
});

test('months end on their last day, February in leap years too', () => {
  assert.equal(calendarMonth(2024, 2).to, '2024-02-29');
  assert.equal(calendarMonth(2025, 2).to, '2025-02-28');
  assert.equal(calendarMonth(2025, 12).label, 'December 2025');
});

test('instants follow UK clocks: a summer day starts at 23:00 UTC the day before', () => {
  const { start, end } = periodInstants(calendarMonth(2025, 7));
  assert.equal(start.toISOString(), '2025-06-30T23:00:00.000Z');
  assert.equal(end.toISOString(), '2025-07-31T23:00:00.000Z');
});

test('nothing chosen gives the current financial year', () => {
  const parsed = parsePeriod({}, TODAY);
  assert.ok(parsed.ok);
  assert.equal(parsed.period.from, '2026-04-01');
});

test('each kind of period parses, and its query selects it again', () => {
  const queries = [
    { period: 'year', year: '2024' },
    { period: 'quarter', quarter: '2025-3' },
    { period: 'month', 'month-month': '2', 'month-year': '2026' },
    {
      period: 'custom',
      'from-day': '5',
      'from-month': '1',
      'from-year': '2026',
      'to-day': '20',
      'to-month': '2',
      'to-year': '2026',
    },
  ];
  for (const query of queries) {
    const parsed = parsePeriod(query, TODAY);
    assert.ok(parsed.ok, JSON.stringify(query));
    const again = parsePeriod(parsed.period.query, TODAY);
    assert.ok(again.ok);
    assert.deepEqual(again.period, parsed.period);
  }
  const custom = parsePeriod(queries[3], TODAY);
  assert.ok(custom.ok);
  // Widened to whole periods: both days are in quarter 4 of 2025 to 2026.
  assert.deepEqual([custom.period.from, custom.period.to], ['2026-01-01', '2026-03-31']);
  assert.equal(custom.period.span, 'quarter');
  assert.match(custom.period.label, /you asked for 5 January 2026 to 20 February 2026/);
});

test('bad input gives GOV.UK messages on the right field', () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ period: 'year', year: '1990' }, 'year', 'Select a financial year'],
    [{ period: 'quarter', quarter: '2025-5' }, 'quarter', 'Select a quarter'],
    [{ period: 'month' }, 'month-month', 'Enter the month and year'],
    [
      { period: 'month', 'month-month': '13', 'month-year': '2025' },
      'month-month',
      'The month must be a real month, from 1 to 12',
    ],
    [{ period: 'custom' }, 'from-day', 'Enter the start date'],
    [
      {
        period: 'custom',
        'from-day': '31',
        'from-month': '2',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '3',
        'to-year': '2026',
      },
      'from-day',
      'The start date must be a real date',
    ],
    [
      {
        period: 'custom',
        'from-day': '3',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '3',
        'to-year': '2026',
      },
      'from-month',
      'The start date must include a month',
    ],
    [
      {
        period: 'custom',
        'from-day': '3',
        'from-month': '3',
        'from-year': '2026',
        'to-day': '1',
        'to-month': '3',
        'to-year': '2026',
      },
      'to-day',
      'The end date must be the same as or after the start date',
    ],
    [
      {
        period: 'custom',
        'from-day': '3',
        'from-month': '3',
        'from-year': '2027',
        'to-day': '1',
        'to-month': '3',
        'to-year': '2028',
      },
      'from-day',
      'The start date must be today or in the past',
    ],
    [{ period: 'fortnight' }, 'period', 'Select a period'],
  ];
  for (const [query, field, message] of cases) {
    const parsed = parsePeriod(query, TODAY);
    assert.equal(parsed.ok, false, JSON.stringify(query));
    if (parsed.ok) continue;
    assert.deepEqual(parsed.errors.byField[field], { text: message }, JSON.stringify(query));
  }
});

test('any valid custom range widens to the smallest whole period holding it, and never throws on junk', () => {
  const day = fc
    .date({
      min: new Date('2010-01-01T00:00:00Z'),
      max: new Date('2026-06-01T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(day, day, (a, b) => {
      const [from, to] = a <= b ? [a, b] : [b, a];
      const [fy, fm, fd] = from.split('-').map(Number);
      const [ty, tm, td] = to.split('-').map(Number);
      const parsed = parsePeriod(
        {
          period: 'custom',
          'from-day': String(fd),
          'from-month': String(fm),
          'from-year': String(fy),
          'to-day': String(td),
          'to-month': String(tm),
          'to-year': String(ty),
        },
        TODAY,
      );
      assert.ok(parsed.ok);
      const { period } = parsed;
      // Whole months, holding both days, of the span named.
      assert.ok(period.from <= from && to <= period.to);
      assert.ok(period.from.endsWith('-01'));
      const months = monthsIn(period).length;
      const fyOf = (d: string) => Number(d.slice(0, 4)) - (Number(d.slice(5, 7)) < 4 ? 1 : 0);
      const quarterOf = (d: string) => Math.floor(((Number(d.slice(5, 7)) + 8) % 12) / 3);
      const expected =
        from.slice(0, 7) === to.slice(0, 7)
          ? 'month'
          : fyOf(from) !== fyOf(to)
            ? 'years'
            : quarterOf(from) === quarterOf(to)
              ? 'quarter'
              : 'year';
      assert.equal(period.span, expected);
      assert.equal(
        months,
        { month: 1, quarter: 3, year: 12 }[period.span as string] ??
          12 * (fyOf(to) - fyOf(from) + 1),
      );
      // The same query parses to the same period.
      const again = parsePeriod(period.query, TODAY);
      assert.ok(again.ok && again.period.from === period.from && again.period.to === period.to);
    }),
  );
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom('period', 'year', 'quarter', 'from-day', 'to-year', 'month-month'),
        fc.string(),
      ),
      (query) => {
        parsePeriod(query, TODAY);
      },
    ),
  );
});

test('quarters offered go back twelve financial years, newest first', () => {
  const offered = quartersOffered(TODAY);
  assert.equal(offered.length, 48);
  assert.equal(offered[0]!.value, '2026-4');
  assert.equal(offered.at(-1)!.value, '2015-1');
});

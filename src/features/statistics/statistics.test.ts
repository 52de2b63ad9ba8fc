import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import {
  SUPPRESSED,
  percentile,
  protectCount,
  protectStatistic,
  protectTable,
  shareFromPublished,
  type Published,
} from '../../domain/disclosure-control.ts';
import { londonDate, londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { CLOSURE_OUTCOMES, TRIAGE_DECISIONS } from '../../domain/reference/case-outcomes.ts';
import {
  ADDITIONAL_NEEDS,
  MAINSTREAM_SERVICE_RELATIONS,
  PRESENTATIONS,
  PRIMARY_VULNERABILITIES,
} from '../../domain/reference/assessment.ts';
import {
  AGE_BANDS,
  ETHNIC_GROUPS,
  ETHNIC_GROUP_HEADINGS,
  GENDERS,
  ageBandOf,
  ageOn,
} from '../../domain/reference/people.ts';
import { CONCERN_TYPES, REFERRAL_SECTORS } from '../../domain/reference/prevent.ts';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { getPage } from '../../../test/support/journey.ts';
import { figuresFromCsv, tablesFromHtml, type Figures } from './figures.ts';
import { generateInto } from '../generator/generate.ts';
import { statisticsFixture, type FixtureUsers } from './testing.ts';

/**
 * The figures on the page and in the downloads, checked against figures worked out here,
 * independently, in plain TypeScript over the raw rows of a seeded fixture, then put through
 * the disclosure rule. The SQL of measures.ts is not used to make the expected figures.
 */

interface Category {
  code: string;
  label: string;
}
type Row = Record<string, unknown>;

const FY = { from: '2025-04-01', to: '2026-03-31' };
const Q3 = { from: '2025-10-01', to: '2025-12-31' };

let t: TestApp;
let analyst: SignedIn;
let users: FixtureUsers;
let raw: {
  hubs: { id: string; code: string; name: string }[];
  cases: Row[];
  support: Map<string, Row>;
  people: Map<string, Row>;
  triage: Map<string, Row>;
  allocations: Row[];
  formulations: Row[];
  summaries: Map<string, Row>;
  feedback: Map<string, Row>;
  users: Map<string, Row>;
};

async function loadRaw() {
  const db = t.database.db;
  const byCase = (rows: Row[]) => new Map(rows.map((r) => [r.case_id as string, r]));
  raw = {
    hubs: await db.selectFrom('hubs').select(['id', 'code', 'name']).orderBy('name').execute(),
    cases: await db.selectFrom('cases').selectAll().execute(),
    support: byCase(await db.selectFrom('support_requests').selectAll().execute()),
    people: new Map(
      (await db.selectFrom('people').selectAll().execute()).map((p) => [p.id, p as Row]),
    ),
    triage: byCase(await db.selectFrom('triage_decisions').selectAll().execute()),
    allocations: await db.selectFrom('allocations').selectAll().execute(),
    formulations: await db.selectFrom('formulations').selectAll().execute(),
    summaries: byCase(await db.selectFrom('closure_summaries').selectAll().execute()),
    feedback: byCase(await db.selectFrom('closure_feedback').selectAll().execute()),
    users: new Map(
      (await db.selectFrom('users').selectAll().execute()).map((u) => [u.id, u as Row]),
    ),
  };
}

// ---- expected figures, in plain TypeScript ----

const time = (v: unknown) => (v as Date).getTime();
const inPeriod = (instant: unknown, p: { from: string; to: string }) =>
  time(instant) >= londonDayStart(p.from).getTime() && time(instant) < londonDayEnd(p.to).getTime();

function shown(value: Published | null, decimals = 0): string {
  if (value === null) return '';
  if (value === SUPPRESSED) return SUPPRESSED;
  const f = 10 ** decimals;
  return String(Math.round(value * f) / f);
}

function withExtras(list: readonly Category[], seen: Iterable<string>): Category[] {
  const known = new Set(list.map((c) => c.code));
  const extra = [...new Set(seen)].filter((c) => !known.has(c)).sort();
  return [...list, ...extra.map((code) => ({ code, label: `Other (code ${code})` }))];
}

/** Checks a categories × hubs table of the download against counts made here. */
function checkByHub(
  figures: Figures,
  id: string,
  hubs: { id: string; name: string }[],
  categories: Category[],
  countOf: (code: string, hubId: string) => number,
  options: { share?: boolean; totalRow?: boolean } = {},
) {
  const share = options.share ?? true;
  const table = figures.get(id);
  assert.ok(table, `table ${id} is published`);
  const p = protectTable({
    rowLabels: categories.map((c) => c.label),
    columnLabels: hubs.map((h) => h.name),
    cells: categories.map((c) => hubs.map((h) => countOf(c.code, h.id))),
  });
  const several = hubs.length > 1;
  categories.forEach((c, i) => {
    const row = table.get(c.label);
    assert.ok(row, `${id}: row ${c.label}`);
    hubs.forEach((h, j) =>
      assert.equal(row.get(h.name), shown(p.cells[i]![j]!), `${id} ${c.label} ${h.name}`),
    );
    if (several) assert.equal(row.get('All hubs'), shown(p.rowTotals[i]!), `${id} ${c.label} all`);
    if (share) {
      assert.equal(
        row.get('Percentage of total'),
        shown(shareFromPublished(p.rowTotals[i]!, p.grandTotal), 1),
        `${id} ${c.label} %`,
      );
    }
  });
  if (options.totalRow ?? true) {
    const total = table.get('Total')!;
    hubs.forEach((h, j) =>
      assert.equal(total.get(h.name), shown(p.columnTotals[j]!), `${id} total ${h.name}`),
    );
    if (several) assert.equal(total.get('All hubs'), shown(p.grandTotal));
  }
  return p;
}

function expectations(period: { from: string; to: string }, hubIds: string[] | null) {
  const now = t.clock.now().getTime();
  const end = londonDayEnd(period.to).getTime();
  const asAt = Math.min(end, now);
  const inScope = (c: Row) => hubIds === null || hubIds.includes(c.hub_id as string);
  const received = raw.cases.filter((c) => inScope(c) && inPeriod(c.requested_at, period));
  const closed = raw.cases.filter(
    (c) => inScope(c) && c.status === 'closed' && inPeriod(c.closed_at, period),
  );
  const openAt = (c: Row) =>
    time(c.requested_at) < asAt && (c.closed_at === null || time(c.closed_at) >= asAt);
  const open = raw.cases.filter((c) => inScope(c) && openAt(c));
  const latest = new Map<string, Row>();
  for (const f of raw.formulations) {
    if (f.status !== 'signed_off') continue;
    const had = latest.get(f.case_id as string);
    if (!had || (had.version_number as number) < (f.version_number as number)) {
      latest.set(f.case_id as string, f);
    }
  }
  const assessed = received
    .filter((c) => latest.has(c.id as string))
    .map((c) => ({ c, f: latest.get(c.id as string)! }));
  const dayOf = (c: Row) => londonDate(c.requested_at as Date);
  const attribute: Record<string, (c: Row) => string> = {
    month: (c) => dayOf(c).slice(0, 7),
    sector: (c) => raw.support.get(c.id as string)!.referral_sector as string,
    concern: (c) => raw.support.get(c.id as string)!.concern_type as string,
    gender: (c) => raw.people.get(c.person_id as string)!.gender as string,
    ethnicity: (c) => raw.people.get(c.person_id as string)!.ethnicity as string,
    age_band: (c) =>
      ageBandOf(ageOn(raw.people.get(c.person_id as string)!.date_of_birth as string, dayOf(c))),
    triage: (c) => (raw.triage.get(c.id as string)?.decision as string) ?? 'not_triaged',
    referral: (c) => (c.previous_case_id ? 'rereferral' : 'first'),
  };
  const countReceived = (dimension: string) => (code: string, hubId: string) =>
    received.filter((c) => c.hub_id === hubId && attribute[dimension]!(c) === code).length;
  const outcomeOf = (c: Row) =>
    (raw.summaries.get(c.id as string)?.outcome as string) ??
    (
      { decline: 'declined_at_triage', urgent: 'urgent_diversion_at_triage' } as Record<
        string,
        string
      >
    )[raw.triage.get(c.id as string)?.decision as string] ??
    'not_recorded';
  const loads = new Map<string, Set<string>>();
  for (const a of raw.allocations) {
    const c = raw.cases.find((x) => x.id === a.case_id)!;
    if (!inScope(c) || !openAt(c)) continue;
    if (time(a.allocated_from) >= asAt) continue;
    if (a.allocated_to !== null && time(a.allocated_to) < asAt) continue;
    const set = loads.get(a.clinician_id as string) ?? new Set<string>();
    set.add(a.case_id as string);
    loads.set(a.clinician_id as string, set);
  }
  return { received, closed, open, assessed, attribute, countReceived, outcomeOf, loads, latest };
}

async function download(t: TestApp, who: SignedIn, url: string): Promise<Figures> {
  const response = await getPage(t, who, url);
  assert.equal(response.statusCode, 200, url);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  assert.match(
    String(response.headers['content-disposition']),
    /^attachment; filename="cicero-statistics-/,
  );
  return figuresFromCsv(response.body);
}

async function checkEveryMeasure(url: string) {
  const figures = await download(t, analyst, url);
  const hubs = raw.hubs;
  const e = expectations(FY, null);
  const months: Category[] = [];
  for (let y = 2025, m = 4; y < 2026 || m <= 3; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const code = `${y}-${String(m).padStart(2, '0')}`;
    months.push({
      code,
      label: new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    });
  }
  checkByHub(figures, 'requests-by-month', hubs, months, e.countReceived('month'), {
    share: false,
  });
  const seen = (d: string) => e.received.map(e.attribute[d]!);
  checkByHub(
    figures,
    'referral-sector',
    hubs,
    withExtras(REFERRAL_SECTORS, seen('sector')),
    e.countReceived('sector'),
  );
  const concerns = withExtras(CONCERN_TYPES, seen('concern'));
  checkByHub(figures, 'concern-type', hubs, concerns, e.countReceived('concern'));
  checkByHub(
    figures,
    'age-band',
    hubs,
    withExtras(AGE_BANDS, seen('age_band')),
    e.countReceived('age_band'),
  );
  checkByHub(
    figures,
    'gender',
    hubs,
    withExtras(GENDERS, seen('gender')),
    e.countReceived('gender'),
  );
  const ethnicities = withExtras(ETHNIC_GROUPS, seen('ethnicity'));
  checkByHub(figures, 'ethnicity', hubs, ethnicities, e.countReceived('ethnicity'));
  checkByHub(
    figures,
    'triage-decision',
    hubs,
    [...TRIAGE_DECISIONS, { code: 'not_triaged', label: 'Not yet triaged' }],
    e.countReceived('triage'),
  );

  // Re-referrals and their rate from the published figures.
  const rr = checkByHub(
    figures,
    're-referrals',
    hubs,
    [
      { code: 'rereferral', label: 'Re-referral' },
      { code: 'first', label: 'First request' },
    ],
    e.countReceived('referral'),
    { share: false },
  );
  const rate = figures.get('re-referrals')!.get('Re-referral rate')!;
  hubs.forEach((h, j) =>
    assert.equal(
      rate.get(h.name),
      shown(shareFromPublished(rr.cells[0]![j]!, rr.columnTotals[j]!), 1),
    ),
  );
  assert.equal(rate.get('All hubs'), shown(shareFromPublished(rr.rowTotals[0]!, rr.grandTotal), 1));

  // Time to triage: median and 90th percentile in days, hidden under 8 decisions.
  const triageTimes = figures.get('time-to-triage')!;
  for (const [label, filter] of [
    ...hubs.map((h) => [h.name, (c: Row) => c.hub_id === h.id] as const),
    ['All hubs', () => true] as const,
  ]) {
    const seconds = e.received
      .filter(filter)
      .map((c) => raw.triage.get(c.id as string)?.seconds_to_triage as number | undefined)
      .filter((s): s is number => s !== undefined);
    const stat = (p: number) =>
      shown(
        protectStatistic(seconds.length ? percentile(seconds, p) / 86_400 : null, seconds.length),
        1,
      );
    assert.equal(triageTimes.get(label)!.get('Median'), stat(50), `median ${label}`);
    assert.equal(triageTimes.get(label)!.get('90th percentile'), stat(90), `p90 ${label}`);
  }

  // Open cases at the end of the period, and caseloads (a distribution: nobody named).
  const open = protectTable({
    rowLabels: hubs.map((h) => h.name),
    columnLabels: ['Open cases'],
    cells: hubs.map((h) => [e.open.filter((c) => c.hub_id === h.id).length]),
  });
  hubs.forEach((h, i) =>
    assert.equal(
      figures.get('open-cases')!.get(h.name)!.get('Open cases'),
      shown(open.cells[i]![0]!),
    ),
  );
  assert.equal(figures.get('open-cases')!.get('Total')!.get('Open cases'), shown(open.grandTotal));
  const caseloads = [...e.loads.values()].map((s) => s.size);
  const bands = [
    ['1 to 5 cases', 1, 5],
    ['6 to 10 cases', 6, 10],
    ['11 to 15 cases', 11, 15],
    ['16 to 20 cases', 16, 20],
    ['21 or more cases', 21, Infinity],
  ] as const;
  const banded = protectTable({
    rowLabels: bands.map((b) => b[0]),
    columnLabels: ['Clinicians'],
    cells: bands.map(([, lo, hi]) => [caseloads.filter((n) => n >= lo && n <= hi).length]),
  });
  bands.forEach(([label], i) =>
    assert.equal(
      figures.get('caseload-distribution')!.get(label)!.get('Clinicians'),
      shown(banded.cells[i]![0]!),
    ),
  );
  assert.equal(
    figures.get('caseload-summary')!.get('Median')!.get('Open cases'),
    shown(
      protectStatistic(caseloads.length ? percentile(caseloads, 50) : null, caseloads.length),
      1,
    ),
  );
  const mean = caseloads.length ? caseloads.reduce((a, b) => a + b, 0) / caseloads.length : null;
  assert.equal(
    figures.get('caseload-summary')!.get('Mean')!.get('Open cases'),
    shown(protectStatistic(mean, caseloads.length), 1),
  );
  assert.equal(
    figures.get('caseload-by-clinician'),
    undefined,
    'analysts never see clinicians by name',
  );

  // Assessment, from the latest signed-off formulation of each case received.
  const countF = (fn: (f: Row) => string) => (code: string, hubId: string) =>
    e.assessed.filter(({ c, f }) => c.hub_id === hubId && fn(f) === code).length;
  const notRecorded = { code: 'not_recorded', label: 'Not recorded' };
  const pv = checkByHub(
    figures,
    'primary-vulnerability',
    hubs,
    [...PRIMARY_VULNERABILITIES, notRecorded],
    countF((f) => (f.primary_vulnerability as string) ?? 'not_recorded'),
  );
  checkByHub(
    figures,
    'mainstream-relation',
    hubs,
    [...MAINSTREAM_SERVICE_RELATIONS, notRecorded],
    countF((f) => (f.mainstream_relation as string) ?? 'not_recorded'),
  );
  const yesNo = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : 'not_known');
  const YES_NO = [
    { code: 'yes', label: 'Yes' },
    { code: 'no', label: 'No' },
    { code: 'not_known', label: 'Not known' },
  ];
  const conv = checkByHub(
    figures,
    'convictions',
    hubs,
    YES_NO,
    countF((f) => yesNo(f.convictions)),
  );
  const sup = checkByHub(
    figures,
    'supervision-failures',
    hubs,
    YES_NO,
    countF((f) => yesNo(f.supervision_failures)),
  );
  for (const [id, field, list] of [
    ['presentations', 'presentations', PRESENTATIONS],
    ['additional-needs', 'additional_needs', ADDITIONAL_NEEDS],
  ] as const) {
    const has = (f: Row, code: string) => (f[field] as string[]).includes(code);
    const p = checkByHub(
      figures,
      id,
      hubs,
      [...list],
      (code, hubId) => e.assessed.filter(({ c, f }) => c.hub_id === hubId && has(f, code)).length,
      { share: false, totalRow: false },
    );
    list.forEach((item, i) =>
      assert.equal(
        figures.get(id)!.get(item.label)!.get('Percentage of cases'),
        shown(shareFromPublished(p.rowTotals[i]!, pv.grandTotal), 1),
      ),
    );
    assert.equal(
      figures.get(id)!.get('Cases with a signed-off formulation')!.get('All hubs'),
      shown(pv.grandTotal),
    );
  }
  // Headline shares: the same published figures as the tables; the derived ones hidden
  // whenever a part of them is.
  const headlines = figures.get('assessment-headlines')!;
  const line = (label: string, part: Published, whole: Published) => {
    const row = headlines.get(label)!;
    assert.equal(row.get('Cases'), shown(part), label);
    assert.equal(row.get('Out of'), shown(whole), label);
    assert.equal(row.get('Percentage'), shown(shareFromPublished(part, whole), 1), label);
  };
  const pvIndex = (code: string) => PRIMARY_VULNERABILITIES.findIndex((p) => p.code === code);
  line(
    'Diagnosable mental illness as primary vulnerability',
    pv.rowTotals[pvIndex('diagnosable_mental_illness')]!,
    pv.grandTotal,
  );
  line(
    'Complex needs as primary vulnerability',
    pv.rowTotals[pvIndex('complex_needs')]!,
    pv.grandTotal,
  );
  const mh = e.assessed.filter(
    ({ f }) =>
      f.primary_vulnerability !== null && f.primary_vulnerability !== 'no_mental_health_needs',
  );
  const mhParts = ['diagnosable_mental_illness', 'complex_needs', 'mental_health_not_primary'].map(
    (code) => pv.rowTotals[pvIndex(code)]!,
  );
  const mhShown: Published =
    mh.length === 0 ? 0 : mhParts.includes(SUPPRESSED) ? SUPPRESSED : protectCount(mh.length);
  line('Mental health difficulties', mhShown, pv.grandTotal);
  line(
    'Mental health difficulties not known to or lost to mainstream services',
    protectCount(
      mh.filter(({ f }) =>
        ['lost_to_services', 'never_known'].includes(f.mainstream_relation as string),
      ).length,
    ),
    pv.grandTotal,
  );
  line(
    'Additional needs, of those with mental health difficulties',
    protectCount(mh.filter(({ f }) => (f.additional_needs as string[]).length > 0).length),
    mhShown,
  );
  line('Previous convictions', conv.rowTotals[0]!, conv.grandTotal);
  line('Past failures under supervision', sup.rowTotals[0]!, sup.grandTotal);

  // Closures: outcomes, diversions into mainstream services, officers' confidence.
  const outcomeCategories = withExtras(
    [
      ...CLOSURE_OUTCOMES,
      { code: 'declined_at_triage', label: 'Declined at triage, with signposting' },
      { code: 'urgent_diversion_at_triage', label: 'Urgent diversion to crisis care at triage' },
    ],
    e.closed.map(e.outcomeOf),
  );
  const outcomes = checkByHub(
    figures,
    'outcomes',
    hubs,
    outcomeCategories,
    (code, hubId) => e.closed.filter((c) => c.hub_id === hubId && e.outcomeOf(c) === code).length,
  );
  const diversionCodes = [
    'urgent_diversion_at_triage',
    'diverted_mainstream_mental_health',
    'crisis_care',
  ];
  const rows = diversionCodes.map((code) => outcomeCategories.findIndex((c) => c.code === code));
  const diversions = figures.get('diversions')!;
  const checkDiversion = (label: string, parts: Published[], n: number, all: Published) => {
    const diverted: Published =
      n === 0 ? 0 : parts.includes(SUPPRESSED) ? SUPPRESSED : protectCount(n);
    assert.equal(diversions.get(label)!.get('Diverted'), shown(diverted), label);
    assert.equal(diversions.get(label)!.get('Cases closed'), shown(all), label);
    assert.equal(
      diversions.get(label)!.get('Percentage diverted'),
      shown(shareFromPublished(diverted, all), 1),
    );
  };
  hubs.forEach((h, j) =>
    checkDiversion(
      h.name,
      rows.map((i) => outcomes.cells[i]![j]!),
      e.closed.filter((c) => c.hub_id === h.id && diversionCodes.includes(e.outcomeOf(c))).length,
      outcomes.columnTotals[j]!,
    ),
  );
  checkDiversion(
    'All hubs',
    rows.map((i) => outcomes.rowTotals[i]!),
    e.closed.filter((c) => diversionCodes.includes(e.outcomeOf(c))).length,
    outcomes.grandTotal,
  );
  const confidenceOf = (c: Row) =>
    String((raw.feedback.get(c.id as string)?.confidence as number | undefined) ?? 'not_answered');
  checkByHub(
    figures,
    'officer-confidence',
    hubs,
    [
      { code: '1', label: '1: Not at all confident' },
      { code: '2', label: '2: Slightly confident' },
      { code: '3', label: '3: Moderately confident' },
      { code: '4', label: '4: Very confident' },
      { code: '5', label: '5: Completely confident' },
      { code: 'not_answered', label: 'Not answered' },
    ],
    (code, hubId) => e.closed.filter((c) => c.hub_id === hubId && confidenceOf(c) === code).length,
  );
  for (const [label, filter] of [
    ...hubs.map((h) => [h.name, (c: Row) => c.hub_id === h.id] as const),
    ['All hubs', () => true] as const,
  ]) {
    const answers = e.closed
      .filter(filter)
      .map((c) => raw.feedback.get(c.id as string)?.confidence as number | undefined)
      .filter((x): x is number => x !== undefined);
    const row = figures.get('officer-confidence-summary')!.get(label)!;
    assert.equal(
      row.get('Median'),
      shown(protectStatistic(answers.length ? percentile(answers, 50) : null, answers.length), 1),
    );
    const avg = answers.length ? answers.reduce((a, b) => a + b, 0) / answers.length : null;
    assert.equal(row.get('Mean'), shown(protectStatistic(avg, answers.length), 1));
  }

  // Equality monitoring: type of concern by ethnic group, gender and age band.
  const groupOf = (code: string) =>
    ETHNIC_GROUPS.find((g) => g.code === code)?.group ?? 'not_stated';
  for (const [id, columns, columnOf] of [
    [
      'concern-by-ethnicity',
      [...ETHNIC_GROUP_HEADINGS, { code: 'not_stated', label: 'Not stated' }],
      (c: Row) => groupOf(e.attribute.ethnicity!(c)),
    ],
    ['concern-by-gender', withExtras(GENDERS, seen('gender')), e.attribute.gender!],
    ['concern-by-age-band', [...AGE_BANDS], e.attribute.age_band!],
  ] as const) {
    const p = protectTable({
      rowLabels: concerns.map((c) => c.label),
      columnLabels: columns.map((c) => c.label),
      cells: concerns.map((k) =>
        columns.map(
          (col) =>
            e.received.filter((c) => e.attribute.concern!(c) === k.code && columnOf(c) === col.code)
              .length,
        ),
      ),
    });
    concerns.forEach((k, i) => {
      columns.forEach((col, j) =>
        assert.equal(
          figures.get(id)!.get(k.label)!.get(col.label),
          shown(p.cells[i]![j]!),
          `${id} ${k.label} ${col.label}`,
        ),
      );
      assert.equal(figures.get(id)!.get(k.label)!.get('Total'), shown(p.rowTotals[i]!));
    });
    assert.equal(figures.get(id)!.get('Total')!.get('Total'), shown(p.grandTotal));
  }

  // The fixture is uneven on purpose: the rule has work to do, and zeros stay zeros.
  const values = [...figures.values()].flatMap((r) =>
    [...r.values()].flatMap((c) => [...c.values()]),
  );
  assert.ok(values.includes('*'), 'some figures are hidden');
  assert.ok(values.includes('0'), 'some zeros are shown');
  assert.ok(
    values.every((v) => v === '' || v === '*' || /^\d+(\.\d+)?$/.test(v)),
    'only numbers, * or empty',
  );
}

describe('statistics of a seeded fixture', () => {
  before(async () => {
    t = await testApp();
    users = await statisticsFixture(t.database.db, {
      seed: 20260601,
      cases: 420,
      from: new Date('2025-02-01T00:00:00Z'),
      to: new Date('2026-05-25T00:00:00Z'),
    });
    analyst = await signIn(t, { roles: ['analyst'] });
    await loadRaw();
  });
  after(async () => {
    await t?.close();
  });

  test('every measure in the national download matches figures worked out from the rows', async () => {
    await checkEveryMeasure('/statistics/export.csv?period=year&year=2025');
    const figures = await download(t, analyst, '/statistics/export.csv?period=year&year=2025');
    assert.ok(figures.get('ethnicity')!.has('Other (code not_known)'), 'an unlisted code is kept');
  });

  test("a hub lead's page shows their hub's figures, their clinicians by name, and the same as the download", async () => {
    const wm = raw.hubs.find((h) => h.code === 'WM')!;
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const query = 'period=quarter&quarter=2025-3';
    const page = await getPage(t, lead, `/statistics/hubs/${wm.id}?${query}`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /href="\/cases/, 'no link to a case');
    assert.match(page.body, /October to December 2025/);
    const figures = await download(t, lead, `/statistics/hubs/${wm.id}/export.csv?${query}`);
    const e = expectations(Q3, [wm.id]);
    const months = [
      { code: '2025-10', label: 'October 2025' },
      { code: '2025-11', label: 'November 2025' },
      { code: '2025-12', label: 'December 2025' },
    ];
    checkByHub(figures, 'requests-by-month', [wm], months, e.countReceived('month'), {
      share: false,
    });
    checkByHub(
      figures,
      'concern-type',
      [wm],
      CONCERN_TYPES.map((c) => c),
      e.countReceived('concern'),
    );
    assert.equal(figures.get('requests-by-month')!.get('October 2025')!.has('All hubs'), false);

    // Clinicians by name (the hub's, and with 0 where they have no open case).
    const names = [...users.clinicians.WM!, users.hubLeads.WM!].map(
      (id) => raw.users.get(id)!.name as string,
    );
    const named = figures.get('caseload-by-clinician')!;
    for (const name of names) assert.ok(named.has(name), name);
    const byName = [...named.keys()].filter((k) => k !== 'Total').sort();
    const p = protectTable({
      rowLabels: byName,
      columnLabels: ['Open cases allocated'],
      cells: byName.map((name) => {
        const id = [...raw.users.entries()].find(([, u]) => u.name === name)?.[0];
        return [id && e.loads.has(id) ? e.loads.get(id)!.size : 0];
      }),
    });
    byName.forEach((name, i) =>
      assert.equal(named.get(name)!.get('Open cases allocated'), shown(p.cells[i]![0]!), name),
    );

    // The page's HTML tables hold the same figures as the download.
    const tables = tablesFromHtml(page.body);
    const html = tables.get('Requests received by month and hub')!;
    assert.deepEqual(html[0], ['Month', 'West Midlands']);
    for (const row of html.slice(1)) {
      const expected = figures.get('requests-by-month')!.get(row[0]!)!.get('West Midlands')!;
      assert.equal(row[1]!.replace(/,/g, ''), expected, row[0]);
    }
    const triage = tables.get('Triage decisions on requests received')!;
    for (const row of triage.slice(1)) {
      const csv = figures.get('triage-decision')!.get(row[0]!)!;
      assert.equal(row[1], csv.get('West Midlands'));
      assert.equal(
        row[2],
        csv.get('Percentage of total') === ''
          ? '–'
          : /^\d/.test(csv.get('Percentage of total')!)
            ? `${Number(csv.get('Percentage of total')).toFixed(1)}%`
            : '*',
      );
    }
  });

  test('charts are inline SVG images named for screen readers, with the figures as a table', async () => {
    const page = await getPage(t, analyst, '/statistics?period=year&year=2025');
    assert.equal(page.statusCode, 200);
    const svgs = [...page.body.matchAll(/<svg [^>]*>/g)]
      .map((m) => m[0])
      .filter((s) => s.includes('cicero-chart__svg'));
    assert.ok(svgs.length >= 5, 'charts are drawn');
    for (const svg of svgs) {
      assert.match(svg, /role="img"/);
      assert.match(svg, /aria-label="Chart: [^"]+The figures are in the table below\."/);
    }
    assert.doesNotMatch(page.body, /<svg[\s\S]*?style="/, 'no inline style inside a chart');
    assert.doesNotMatch(page.body, /<script(?![^>]*nonce)/, 'no script without the nonce');
    // The trend chart plots the published monthly figures: a hidden month is left out.
    assert.match(page.body, /Requests received by month and hub/);
  });

  test('the spreadsheet has a metadata sheet and one sheet per table, with the same figures', async () => {
    const response = await getPage(t, analyst, '/statistics/export.xlsx?period=year&year=2025');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-disposition']), /\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((w) => w.name);
    assert.equal(names[0], 'About');
    const about = workbook.getWorksheet('About')!;
    const meta = new Map<string, string>();
    about.eachRow((row) => meta.set(row.getCell(1).text, row.getCell(2).text));
    assert.match(meta.get('Period')!, /1 April 2025 to 31 March 2026/);
    assert.match(meta.get('Hubs')!, /London, North West, West Midlands/);
    assert.match(meta.get('Disclosure control')!, /1 to 7 are shown as \*/);
    assert.ok(meta.get('Generated at'));
    const figures = await download(t, analyst, '/statistics/export.csv?period=year&year=2025');
    assert.deepEqual(names.slice(1), [...figures.keys()]);
    const sector = workbook.getWorksheet('referral-sector')!;
    const header = (sector.getRow(4).values as unknown[]).slice(1).map(String);
    assert.deepEqual(header, [
      'Referral sector',
      'London',
      'North West',
      'West Midlands',
      'All hubs',
      'Percentage of total',
    ]);
    for (let r = 5; r <= sector.rowCount; r += 1) {
      const values = (sector.getRow(r).values as unknown[]).slice(1);
      const csv = figures.get('referral-sector')!.get(String(values[0]))!;
      header
        .slice(1)
        .forEach((column, j) =>
          assert.equal(sector.getRow(r).getCell(j + 2).text, csv.get(column)),
        );
    }
  });

  test('viewing and downloading are audited, with no person as the subject', async () => {
    const before = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_type', '=', 'statistics')
      .where('actor_user_id', '=', analyst.userId)
      .execute();
    await getPage(t, analyst, '/statistics?period=month&month-month=1&month-year=2026');
    await getPage(t, analyst, '/statistics/export.csv?period=month&month-month=1&month-year=2026');
    const rows = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('subject_type', '=', 'statistics')
      .where('actor_user_id', '=', analyst.userId)
      .orderBy('occurred_at')
      .execute();
    const added = rows.slice(before.length);
    assert.deepEqual(
      added.map((r) => [r.action, r.detail.view, r.person_id, r.actor_role]),
      [
        ['consultation', 'page', null, 'analyst'],
        ['consultation', 'csv', null, 'analyst'],
      ],
    );
    assert.equal(added[0]!.detail.from, '2026-01-01');
  });

  test('an analyst may choose a hub; an unknown hub or a bad date is a GOV.UK error, input kept', async () => {
    const nw = raw.hubs.find((h) => h.code === 'NW')!;
    const one = await getPage(
      t,
      analyst,
      `/statistics/export.csv?period=year&year=2025&hub=${nw.id}`,
    );
    const figures = figuresFromCsv(one.body);
    assert.deepEqual(
      [...figures.get('gender')!.get('Male')!.keys()],
      ['North West', 'Percentage of total'],
    );

    const unknown = await getPage(
      t,
      analyst,
      '/statistics?period=year&year=2025&hub=00000000-0000-4000-8000-000000000000',
    );
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /Select a hub from the list/);

    const bad = await getPage(
      t,
      analyst,
      '/statistics?period=custom&from-day=31&from-month=2&from-year=2026&to-day=1&to-month=3&to-year=2026',
    );
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /govuk-error-summary/);
    assert.match(bad.body, /href="#from-day">The start date must be a real date/);
    assert.match(bad.body, /name="from-day" type="text" value="31"/);
    assert.doesNotMatch(bad.body, /Requests received by month/, 'no figures for a period in error');
    const badExport = await getPage(
      t,
      analyst,
      '/statistics/export.csv?period=month&month-month=13&month-year=2026',
    );
    assert.equal(badExport.statusCode, 400);
  });

  test("a hub lead cannot see another hub's statistics: not found, and recorded", async () => {
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const ldn = raw.hubs.find((h) => h.code === 'LDN')!;
    for (const url of [
      `/statistics/hubs/${ldn.id}`,
      `/statistics/hubs/${ldn.id}/export.csv`,
      `/statistics/hubs/${ldn.id}/export.xlsx`,
      '/statistics/hubs/not-a-hub',
    ]) {
      assert.equal((await getPage(t, lead, url)).statusCode, 404, url);
    }
    const denials = await t.database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('actor_user_id', '=', lead.userId)
      .where('action', '=', 'denial')
      .execute();
    assert.equal(denials.length, 4);
    assert.equal(denials[0]!.subject_id, ldn.id);
    assert.equal((await getPage(t, lead, '/statistics')).statusCode, 403, 'not national figures');
    const redirect = await getPage(t, lead, '/statistics/hubs');
    assert.equal(redirect.statusCode, 303);
    assert.equal(
      redirect.headers.location,
      `/statistics/hubs/${raw.hubs.find((h) => h.code === 'WM')!.id}`,
    );
    const twoHubs = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM', 'NW'] });
    const choice = await getPage(t, twoHubs, '/statistics/hubs');
    assert.equal(choice.statusCode, 200);
    assert.match(choice.body, /North West/);
    assert.match(choice.body, /West Midlands/);
    const analystOnHub = await getPage(t, analyst, `/statistics/hubs/${ldn.id}`);
    assert.equal(analystOnHub.statusCode, 403);
    for (const role of [
      'case_officer',
      'clinician',
      'police_lead',
      'ig_officer',
      'admin',
    ] as const) {
      const other = await signIn(t, { roles: [role], hubCodes: ['WM'] });
      assert.equal((await getPage(t, other, '/statistics')).statusCode, 403, role);
      assert.equal((await getPage(t, other, '/statistics/export.csv')).statusCode, 403, role);
    }
  });
});

describe('statistics of data from the synthetic data generator', () => {
  before(async () => {
    t = await testApp();
    await generateInto(t.database.db, {
      years: 2,
      requestsPerYear: 400,
      seed: 'statistics-test',
      now: t.clock.now(),
    });
    analyst = await signIn(t, { roles: ['analyst'] });
    await loadRaw();
  });
  after(async () => {
    await t?.close();
  });

  test('every measure matches figures worked out from the generated rows', async () => {
    assert.ok(raw.cases.length > 500, 'the generator wrote cases');
    assert.ok(
      raw.formulations.some((f) => f.status === 'signed_off'),
      'with formulations',
    );
    assert.ok(raw.feedback.size > 0, 'and feedback');
    await checkEveryMeasure('/statistics/export.csv?period=year&year=2025');
  });
});

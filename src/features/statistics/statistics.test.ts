import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import {
  SUPPRESSED,
  percentile,
  protectCount,
  protectStatistic,
  protectTable,
  shareFromPublished,
  isSmallCount,
  type ProtectedTable,
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
import { figuresFromCsv, figuresFromHtml, pageTables, type Figures } from './figures.ts';
import { generateInto } from '../generator/generate.ts';
import { statisticsFixture, type FixtureUsers } from './testing.ts';
import { CASELOAD_TOTAL } from './tables-summary.ts';

/**
 * The figures of every published table, on the page (its HTML tables), in the CSV and in the
 * spreadsheet, checked against figures worked out here, independently, in plain TypeScript
 * over the raw rows, then put through the disclosure rule. The SQL of measures.ts is not used
 * to make the expected figures. Each scope (all hubs, one hub chosen by an analyst, a hub
 * lead's hub) is checked for each kind of period (financial year, quarter, month, custom dates
 * in the past and up to today), on a seeded fixture and on data from the generator.
 */

interface Category {
  code: string;
  label: string;
}
type Row = Record<string, unknown>;
interface Period {
  from: string;
  to: string;
}

let t: TestApp;
let analyst: SignedIn;
let hubLead: SignedIn;
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

/** Active clinicians of the hubs (a hub lead only if also a clinician there). */
async function clinicalStaff(hubIds: string[]): Promise<Map<string, string>> {
  const { rows } = await sql<{ id: string; name: string }>`
    SELECT DISTINCT u.id, u.name FROM users u
    JOIN role_assignments r ON r.user_id = u.id AND r.role = 'clinician'
    WHERE u.status = 'active' AND r.hub_id IN (${sql.join(hubIds)})`.execute(t.database.db);
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---- expected figures, in plain TypeScript ----

const time = (v: unknown) => (v as Date).getTime();
const inPeriod = (instant: unknown, p: Period) =>
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
  return [
    ...list,
    ...extra.map((code, i) => ({
      code,
      label: extra.length === 1 ? 'Code no longer listed' : `Code no longer listed (${i + 1})`,
    })),
  ];
}

const monthLabel = (code: string) =>
  new Date(`${code}-01T00:00:00Z`).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The UK months of the period, up to the one the figures were judged in. */
function monthsOf(period: Period, asAt: number): Category[] {
  const lastDay = londonDate(new Date(asAt - 1));
  const last = (lastDay >= period.from && lastDay <= period.to ? lastDay : period.to).slice(0, 7);
  const months: Category[] = [];
  for (let [y, m] = period.from.split('-').map(Number) as [number, number]; ;) {
    const code = `${y}-${String(m).padStart(2, '0')}`;
    if (code > last) return months;
    months.push({ code, label: monthLabel(code) });
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

function expectations(period: Period, hubIds: string[] | null) {
  const now = t.clock.now().getTime();
  const asAt = Math.min(londonDayEnd(period.to).getTime(), now);
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
  // The financial years around the period: what a table lists (codes no longer listed among
  // them) is what those years hold, so that every period of a year has the same rows.
  const fy = (day: string) => Number(day.slice(0, 4)) - (Number(day.slice(5, 7)) < 4 ? 1 : 0);
  const years = { from: `${fy(period.from)}-04-01`, to: `${fy(period.to) + 1}-03-31` };
  const receivedYears = raw.cases.filter((c) => inPeriod(c.requested_at, years));
  const assessedYears = receivedYears
    .filter((c) => latest.has(c.id as string))
    .map((c) => ({ c, f: latest.get(c.id as string)! }));
  const closedYears = raw.cases.filter(
    (c) => c.status === 'closed' && inPeriod(c.closed_at, years),
  );
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
  return {
    asAt,
    receivedYears,
    assessedYears,
    closedYears,
    received,
    closed,
    open,
    assessed,
    attribute,
    countReceived,
    outcomeOf,
    loads,
  };
}

/** What is being looked at: the period, the hubs in view, and whether clinicians are named. */
interface View {
  period: Period;
  hubIds: string[] | null;
  namedClinicians: boolean;
  /** Active clinicians and hub leads of the hub, by id (hub leads' view only). */
  staff?: Map<string, string>;
}

/**
 * Checks every published table of one set of figures (the page's, the CSV's or the
 * spreadsheet's) against figures worked out here for the view: each table's rows and columns
 * exactly, and every figure in them. Fails if a table is published that is not checked here.
 */
function checkEveryTable(figures: Figures, view: View, source: string) {
  const hubs = raw.hubs.filter((h) => view.hubIds === null || view.hubIds.includes(h.id));
  assert.ok(hubs.length > 0);
  const several = hubs.length > 1;
  const allHubs = several ? ['All hubs'] : [];
  const e = expectations(view.period, view.hubIds);
  const checked = new Set<string>();

  /** The table, with exactly these rows and columns. */
  const tableOf = (id: string, rows: string[], columns: string[]) => {
    const table = figures.get(id);
    assert.ok(table, `${source}: table ${id} is published`);
    assert.deepEqual([...table.keys()], rows, `${source}: rows of ${id}`);
    for (const [label, cells] of table) {
      assert.deepEqual([...cells.keys()], columns, `${source}: columns of ${id}, ${label}`);
    }
    checked.add(id);
    return table;
  };
  const cell = (id: string, row: string, column: string) => figures.get(id)!.get(row)!.get(column);
  const expectCell = (id: string, row: string, column: string, expected: string) =>
    assert.equal(cell(id, row, column), expected, `${source}: ${id}, ${row}, ${column}`);

  /**
   * A table of counts with its totals, checked against the rule figure by figure: a figure
   * shown is the rule applied to the count worked out here; a count of 1 to 7 is hidden; a
   * larger count may be hidden too, where the one decision over all hubs and every period of
   * the year needs it (decisions.ts; that no hidden figure can be worked out is the attack
   * harness's test, attack.test.ts). Returns the figures as published, for what is derived.
   */
  function ruled(
    id: string,
    rowLabels: string[],
    columnLabels: string[],
    counts: number[][],
    labels: { rowTotal: string | null; columnTotal: string | null },
  ): ProtectedTable {
    const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
    const rowTotals = counts.map(sum);
    const columnTotals = columnLabels.map((_, j) => sum(counts.map((r) => r[j]!)));
    const check = (row: string, column: string, n: number): Published => {
      const text = cell(id, row, column);
      const where = `${source}: ${id}, ${row}, ${column}`;
      if (isSmallCount(n)) assert.equal(text, SUPPRESSED, `${where} (${n}) is hidden`);
      if (text === SUPPRESSED) return SUPPRESSED;
      assert.equal(text, shown(protectCount(n)), where);
      return protectCount(n);
    };
    const cells = counts.map((r, i) => r.map((n, j) => check(rowLabels[i]!, columnLabels[j]!, n)));
    const rowT = rowTotals.map((n, i) =>
      labels.rowTotal ? check(rowLabels[i]!, labels.rowTotal, n) : cells[i]![0]!,
    );
    const colT = columnTotals.map((n, j) =>
      labels.columnTotal ? check(labels.columnTotal, columnLabels[j]!, n) : SUPPRESSED,
    );
    const grand = !labels.columnTotal
      ? SUPPRESSED
      : labels.rowTotal
        ? check(labels.columnTotal, labels.rowTotal, sum(rowTotals))
        : colT[0]!;
    const none = (rows: number, cols: number) =>
      Array.from({ length: rows }, () => Array.from({ length: cols }, () => 'none' as const));
    return {
      rowLabels,
      columnLabels,
      cells,
      rowTotals: rowT,
      columnTotals: colT,
      grandTotal: grand,
      cellSuppression: none(rowLabels.length, columnLabels.length),
      rowTotalSuppression: none(1, rowLabels.length)[0]!,
      columnTotalSuppression: none(1, columnLabels.length)[0]!,
      grandTotalSuppression: 'none',
    };
  }

  /** A categories × hubs table, as publish.ts's byHub makes it. */
  function checkByHub(
    id: string,
    categories: Category[],
    countOf: (code: string, hubId: string) => number,
    options: {
      share?: boolean;
      totalRow?: boolean;
      extraRows?: string[];
      extraColumns?: string[];
    } = {},
  ) {
    const share = options.share ?? true;
    const totalRow = options.totalRow ?? true;
    tableOf(
      id,
      [
        ...categories.map((c) => c.label),
        ...(totalRow ? ['Total'] : []),
        ...(options.extraRows ?? []),
      ],
      [
        ...hubs.map((h) => h.name),
        ...allHubs,
        ...(share ? ['Percentage of total'] : []),
        ...(options.extraColumns ?? []),
      ],
    );
    const p = ruled(
      id,
      categories.map((c) => c.label),
      hubs.map((h) => h.name),
      categories.map((c) => hubs.map((h) => countOf(c.code, h.id))),
      { rowTotal: several ? 'All hubs' : null, columnTotal: totalRow ? 'Total' : null },
    );
    categories.forEach((c, i) => {
      hubs.forEach((h, j) => expectCell(id, c.label, h.name, shown(p.cells[i]![j]!)));
      if (several) expectCell(id, c.label, 'All hubs', shown(p.rowTotals[i]!));
      if (share) {
        expectCell(
          id,
          c.label,
          'Percentage of total',
          shown(shareFromPublished(p.rowTotals[i]!, p.grandTotal), 0),
        );
      }
    });
    if (totalRow) {
      hubs.forEach((h, j) => expectCell(id, 'Total', h.name, shown(p.columnTotals[j]!)));
      if (several) expectCell(id, 'Total', 'All hubs', shown(p.grandTotal));
      if (share) {
        expectCell(
          id,
          'Total',
          'Percentage of total',
          shown(shareFromPublished(p.grandTotal, p.grandTotal), 0),
        );
      }
    }
    return p;
  }
  /** The hubs' figure, or "All hubs" when there are several: a row total (cell if one hub). */
  const wholeOf = (p: ReturnType<typeof protectTable>, i: number) =>
    several ? p.rowTotals[i]! : p.cells[i]![0]!;
  /** One row per hub, then "All hubs" when there are several. */
  const perHub = <T>(each: (filter: (c: Row) => boolean, label: string, j: number | null) => T) => [
    ...hubs.map((h, j) => each((c) => c.hub_id === h.id, h.name, j)),
    ...(several ? [each(() => true, 'All hubs', null)] : []),
  ];
  const hubRows = perHub((_, label) => label);

  // Requests received
  checkByHub('requests-by-month', monthsOf(view.period, e.asAt), e.countReceived('month'), {
    share: false,
  });
  const seen = (d: string) => e.receivedYears.map(e.attribute[d]!);
  checkByHub(
    'referral-sector',
    withExtras(REFERRAL_SECTORS, seen('sector')),
    e.countReceived('sector'),
  );
  const concerns = withExtras(CONCERN_TYPES, seen('concern'));
  checkByHub('concern-type', concerns, e.countReceived('concern'));
  checkByHub('age-band', withExtras(AGE_BANDS, seen('age_band')), e.countReceived('age_band'));
  const genders = withExtras(GENDERS, seen('gender'));
  checkByHub('gender', genders, e.countReceived('gender'));
  checkByHub(
    'ethnicity',
    withExtras(ETHNIC_GROUPS, seen('ethnicity')),
    e.countReceived('ethnicity'),
  );
  // Re-referrals, and their rate from the published figures.
  const rr = checkByHub(
    're-referrals',
    [
      { code: 'rereferral', label: 'Re-referral' },
      { code: 'first', label: 'First request' },
    ],
    e.countReceived('referral'),
    { share: false, extraRows: ['Re-referral rate'] },
  );
  hubs.forEach((h, j) =>
    expectCell(
      're-referrals',
      'Re-referral rate',
      h.name,
      shown(shareFromPublished(rr.cells[0]![j]!, rr.columnTotals[j]!), 0),
    ),
  );
  if (several) {
    expectCell(
      're-referrals',
      'Re-referral rate',
      'All hubs',
      shown(shareFromPublished(rr.rowTotals[0]!, rr.grandTotal), 0),
    );
  }

  // Triage: decisions, and time to triage (median and 90th percentile, hidden under 8).
  checkByHub(
    'triage-decision',
    withExtras(
      [...TRIAGE_DECISIONS, { code: 'not_triaged', label: 'Not yet triaged' }],
      seen('triage'),
    ),
    e.countReceived('triage'),
  );
  tableOf('time-to-triage', hubRows, ['Median', '90th percentile']);
  perHub((filter, label) => {
    const seconds = e.received
      .filter(filter)
      .map((c) => raw.triage.get(c.id as string)?.seconds_to_triage as number | undefined)
      .filter((s): s is number => s !== undefined);
    const stat = (p: number) =>
      shown(
        protectStatistic(seconds.length ? percentile(seconds, p) / 86_400 : null, seconds.length),
        1,
      );
    expectCell('time-to-triage', label, 'Median', stat(50));
    expectCell('time-to-triage', label, '90th percentile', stat(90));
  });

  // Open cases at the end of the period, and caseloads.
  tableOf(
    'open-cases',
    [...hubs.map((h) => h.name), ...(several ? ['Total'] : [])],
    ['Open cases'],
  );
  ruled(
    'open-cases',
    hubs.map((h) => h.name),
    ['Open cases'],
    hubs.map((h) => [e.open.filter((c) => c.hub_id === h.id).length]),
    { rowTotal: null, columnTotal: several ? 'Total' : null },
  );
  if (view.namedClinicians) {
    // Every active clinician of the hub (0 where they have no open case) and anyone else
    // holding an open case of it. The order of the rows is the page's; the names are ours.
    const ids = new Set([...view.staff!.keys(), ...e.loads.keys()]);
    const named = [...ids].map((id) => ({
      name: view.staff!.get(id) ?? (raw.users.get(id)!.name as string),
      n: e.loads.get(id)?.size ?? 0,
    }));
    const order = [...figures.get('caseload-by-clinician')!.keys()].filter(
      (k) => k !== CASELOAD_TOTAL,
    );
    assert.deepEqual([...order].sort(), named.map((c) => c.name).sort(), `${source}: clinicians`);
    named.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    const p = protectTable({
      rowLabels: named.map((c) => c.name),
      columnLabels: ['Open cases allocated'],
      cells: named.map((c) => [c.n]),
    });
    tableOf('caseload-by-clinician', [...order, CASELOAD_TOTAL], ['Open cases allocated']);
    named.forEach((c, i) =>
      expectCell('caseload-by-clinician', c.name, 'Open cases allocated', shown(p.cells[i]![0]!)),
    );
    expectCell(
      'caseload-by-clinician',
      CASELOAD_TOTAL,
      'Open cases allocated',
      shown(p.columnTotals[0]!),
    );
  } else {
    assert.equal(figures.get('caseload-by-clinician'), undefined, 'analysts never see names');
  }
  const caseloads = [...e.loads.values()].map((set) => set.size);
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
  tableOf('caseload-distribution', [...bands.map((b) => b[0]), 'Total'], ['Clinicians']);
  bands.forEach(([label], i) =>
    expectCell('caseload-distribution', label, 'Clinicians', shown(banded.cells[i]![0]!)),
  );
  expectCell('caseload-distribution', 'Total', 'Clinicians', shown(banded.columnTotals[0]!));
  tableOf('caseload-summary', ['Median', 'Mean'], ['Open cases']);
  const mean = caseloads.length ? caseloads.reduce((a, b) => a + b, 0) / caseloads.length : null;
  expectCell(
    'caseload-summary',
    'Median',
    'Open cases',
    shown(
      protectStatistic(caseloads.length ? percentile(caseloads, 50) : null, caseloads.length),
      1,
    ),
  );
  expectCell(
    'caseload-summary',
    'Mean',
    'Open cases',
    shown(protectStatistic(mean, caseloads.length), 1),
  );

  // Assessment, from the latest signed-off formulation of each case received.
  const countF = (fn: (f: Row) => string) => (code: string, hubId: string) =>
    e.assessed.filter(({ c, f }) => c.hub_id === hubId && fn(f) === code).length;
  const notRecorded = { code: 'not_recorded', label: 'Not recorded' };
  const codeOr = (field: string) => (f: Row) => (f[field] as string | null) ?? 'not_recorded';
  const pvCategories = withExtras(
    [...PRIMARY_VULNERABILITIES, notRecorded],
    e.assessedYears.map(({ f }) => codeOr('primary_vulnerability')(f)),
  );
  const pv = checkByHub(
    'primary-vulnerability',
    pvCategories,
    countF(codeOr('primary_vulnerability')),
  );
  checkByHub(
    'mainstream-relation',
    withExtras(
      [...MAINSTREAM_SERVICE_RELATIONS, notRecorded],
      e.assessedYears.map(({ f }) => codeOr('mainstream_relation')(f)),
    ),
    countF(codeOr('mainstream_relation')),
  );
  const yesNo = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : 'not_known');
  const YES_NO = [
    { code: 'yes', label: 'Yes' },
    { code: 'no', label: 'No' },
    { code: 'not_known', label: 'Not known' },
  ];
  const conv = checkByHub(
    'convictions',
    YES_NO,
    countF((f) => yesNo(f.convictions)),
  );
  const sup = checkByHub(
    'supervision-failures',
    YES_NO,
    countF((f) => yesNo(f.supervision_failures)),
  );
  for (const [id, field, list] of [
    ['presentations', 'presentations', PRESENTATIONS],
    ['additional-needs', 'additional_needs', ADDITIONAL_NEEDS],
  ] as const) {
    const codes = withExtras(
      list,
      e.assessedYears.flatMap(({ f }) => f[field] as string[]),
    );
    const has = (f: Row, code: string) => (f[field] as string[]).includes(code);
    const assessedRow = 'Cases with a signed-off formulation';
    const p = checkByHub(
      id,
      codes,
      (code, hubId) => e.assessed.filter(({ c, f }) => c.hub_id === hubId && has(f, code)).length,
      {
        share: false,
        totalRow: false,
        extraRows: [assessedRow],
        extraColumns: ['Percentage of cases'],
      },
    );
    codes.forEach((item, i) =>
      expectCell(
        id,
        item.label,
        'Percentage of cases',
        shown(shareFromPublished(p.rowTotals[i]!, pv.grandTotal), 0),
      ),
    );
    hubs.forEach((h, j) => expectCell(id, assessedRow, h.name, shown(pv.columnTotals[j]!)));
    if (several) expectCell(id, assessedRow, 'All hubs', shown(pv.grandTotal));
    expectCell(
      id,
      assessedRow,
      'Percentage of cases',
      shown(shareFromPublished(pv.grandTotal, pv.grandTotal), 0),
    );
  }
  // Headline shares: the same published figures as the tables; the derived ones hidden
  // whenever a part of them is.
  const HEADLINES = [
    'Diagnosable mental illness as primary vulnerability',
    'Complex needs as primary vulnerability',
    'Mental health difficulties',
    'Mental health difficulties not known to or lost to mainstream services',
    'Additional needs, of those with mental health difficulties',
    'Previous convictions',
    'Past failures under supervision',
  ];
  tableOf('assessment-headlines', HEADLINES, ['Cases', 'Out of', 'Percentage']);
  const line = (label: string, part: Published, whole: Published) => {
    expectCell('assessment-headlines', label, 'Cases', shown(part));
    expectCell('assessment-headlines', label, 'Out of', shown(whole));
    expectCell(
      'assessment-headlines',
      label,
      'Percentage',
      shown(shareFromPublished(part, whole), 0),
    );
  };
  const pvIndex = (code: string) => pvCategories.findIndex((p) => p.code === code);
  line(HEADLINES[0]!, wholeOf(pv, pvIndex('diagnosable_mental_illness')), pv.grandTotal);
  line(HEADLINES[1]!, wholeOf(pv, pvIndex('complex_needs')), pv.grandTotal);
  // Mental health difficulties: any primary vulnerability but "no mental health needs".
  const mhCodes = ['diagnosable_mental_illness', 'complex_needs', 'mental_health_not_primary'];
  const mh = e.assessed.filter(({ f }) => mhCodes.includes(f.primary_vulnerability as string));
  const mhParts = mhCodes.map((code) => wholeOf(pv, pvIndex(code)));
  // A sum is hidden whenever a part is, even a sum of 0 (a part may be hidden while 0).
  const mhShown: Published = mhParts.includes(SUPPRESSED) ? SUPPRESSED : protectCount(mh.length);
  line(HEADLINES[2]!, mhShown, pv.grandTotal);
  /** A count of its own (decided over all hubs and the year): the rule, or hidden. */
  const own = (label: string, n: number): Published => {
    const text = cell('assessment-headlines', label, 'Cases');
    if (text === SUPPRESSED && !isSmallCount(n)) return SUPPRESSED;
    return protectCount(n);
  };
  line(
    HEADLINES[3]!,
    own(
      HEADLINES[3]!,
      mh.filter(({ f }) =>
        ['lost_to_services', 'never_known'].includes(f.mainstream_relation as string),
      ).length,
    ),
    pv.grandTotal,
  );
  line(
    HEADLINES[4]!,
    own(HEADLINES[4]!, mh.filter(({ f }) => (f.additional_needs as string[]).length > 0).length),
    mhShown,
  );
  line(HEADLINES[5]!, wholeOf(conv, 0), conv.grandTotal);
  line(HEADLINES[6]!, wholeOf(sup, 0), sup.grandTotal);

  // Closures: outcomes, diversions into mainstream services, officers' confidence.
  const outcomeCategories = withExtras(
    [
      ...CLOSURE_OUTCOMES,
      { code: 'declined_at_triage', label: 'Declined at triage, with signposting' },
      { code: 'urgent_diversion_at_triage', label: 'Urgent diversion to crisis care at triage' },
    ],
    e.closedYears.map(e.outcomeOf),
  );
  const outcomes = checkByHub(
    'outcomes',
    outcomeCategories,
    (code, hubId) => e.closed.filter((c) => c.hub_id === hubId && e.outcomeOf(c) === code).length,
  );
  const diversionCodes = [
    'urgent_diversion_at_triage',
    'diverted_mainstream_mental_health',
    'crisis_care',
  ];
  const diversionRows = diversionCodes.map((code) =>
    outcomeCategories.findIndex((c) => c.code === code),
  );
  tableOf('diversions', hubRows, ['Diverted', 'Cases closed', 'Percentage diverted']);
  perHub((filter, label, j) => {
    const parts = diversionRows.map((i) =>
      j === null ? outcomes.rowTotals[i]! : outcomes.cells[i]![j]!,
    );
    const n = e.closed.filter((c) => filter(c) && diversionCodes.includes(e.outcomeOf(c))).length;
    const all = j === null ? outcomes.grandTotal : outcomes.columnTotals[j]!;
    const diverted: Published = parts.includes(SUPPRESSED) ? SUPPRESSED : protectCount(n);
    expectCell('diversions', label, 'Diverted', shown(diverted));
    expectCell('diversions', label, 'Cases closed', shown(all));
    expectCell(
      'diversions',
      label,
      'Percentage diverted',
      shown(shareFromPublished(diverted, all), 0),
    );
  });
  const confidenceOf = (c: Row) =>
    String((raw.feedback.get(c.id as string)?.confidence as number | undefined) ?? 'not_answered');
  checkByHub(
    'officer-confidence',
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
  tableOf('officer-confidence-summary', hubRows, ['Median', 'Mean']);
  perHub((filter, label) => {
    const answers = e.closed
      .filter(filter)
      .map((c) => raw.feedback.get(c.id as string)?.confidence as number | undefined)
      .filter((x): x is number => x !== undefined);
    const avg = answers.length ? answers.reduce((a, b) => a + b, 0) / answers.length : null;
    expectCell(
      'officer-confidence-summary',
      label,
      'Median',
      shown(protectStatistic(answers.length ? percentile(answers, 50) : null, answers.length), 1),
    );
    expectCell(
      'officer-confidence-summary',
      label,
      'Mean',
      shown(protectStatistic(avg, answers.length), 1),
    );
  });

  // Equality monitoring: type of concern by ethnic group, gender and age band, all hubs
  // together, on the national page only. A code no longer listed has a column of its own in
  // the ethnic group table as in the ethnicity table, so both count the same requests.
  const groupOf = (code: string) => {
    const group = ETHNIC_GROUPS.find((g) => g.code === code);
    return group ? (group.group ?? 'not_stated') : code;
  };
  const crossTables = [
    [
      'concern-by-ethnicity',
      withExtras(
        [...ETHNIC_GROUP_HEADINGS, { code: 'not_stated', label: 'Not stated or not known' }],
        seen('ethnicity').map(groupOf),
      ),
      (c: Row) => groupOf(e.attribute.ethnicity!(c)),
    ],
    ['concern-by-gender', genders, e.attribute.gender!],
    ['concern-by-age-band', withExtras(AGE_BANDS, seen('age_band')), e.attribute.age_band!],
  ] as const;
  for (const [id, columns, columnOf] of view.hubIds === null ? crossTables : []) {
    tableOf(
      id,
      [...concerns.map((k) => k.label), 'Total'],
      [...columns.map((c) => c.label), 'Total'],
    );
    ruled(
      id,
      concerns.map((c) => c.label),
      columns.map((c) => c.label),
      concerns.map((k) =>
        columns.map(
          (col) =>
            e.received.filter((c) => e.attribute.concern!(c) === k.code && columnOf(c) === col.code)
              .length,
        ),
      ),
      { rowTotal: 'Total', columnTotal: 'Total' },
    );
  }

  assert.deepEqual(
    [...figures.keys()].filter((id) => !checked.has(id)),
    [],
    `${source}: every published table is checked`,
  );
  return figures;
}

/** The spreadsheet's table sheets (after "About") as figures, like figuresFromCsv. */
async function figuresFromWorkbook(payload: Buffer): Promise<Figures> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const figures: Figures = new Map();
  for (const sheet of workbook.worksheets.slice(1)) {
    const columns = (sheet.getRow(4).values as unknown[]).slice(2).map(String);
    const rows = new Map<string, Map<string, string>>();
    for (let r = 5; r <= sheet.rowCount; r += 1) {
      const row = sheet.getRow(r);
      rows.set(row.getCell(1).text, new Map(columns.map((c, j) => [c, row.getCell(j + 2).text])));
    }
    figures.set(sheet.name, rows);
  }
  return figures;
}

async function fetchOk(who: SignedIn, url: string, type: RegExp) {
  const response = await getPage(t, who, url);
  assert.equal(response.statusCode, 200, url);
  assert.match(String(response.headers['content-type']), type, url);
  return response;
}

/**
 * The page, the CSV and the spreadsheet of one view, each checked table by table against the
 * figures worked out here; the page's tables are the download's, in the same order.
 */
async function checkView(who: SignedIn, path: string, query: string, view: View) {
  const page = await fetchOk(who, `${path}?${query}`, /^text\/html/);
  // The page's own content (the header's navigation links to the viewer's case list).
  const main = page.body.slice(page.body.indexOf('<main'));
  assert.doesNotMatch(main, /href="\/cases/, 'no link to a case');
  const html = checkEveryTable(figuresFromHtml(page.body), view, `page ${query}`);
  const csv = await fetchOk(who, `${path}/export.csv?${query}`, /^text\/csv/);
  assert.match(
    String(csv.headers['content-disposition']),
    /^attachment; filename="cicero-statistics-/,
  );
  const download = checkEveryTable(figuresFromCsv(csv.body), view, `csv ${query}`);
  assert.deepEqual([...html.keys()], [...download.keys()], 'the page shows every table');
  const xlsx = await fetchOk(who, `${path}/export.xlsx?${query}`, /spreadsheetml/);
  checkEveryTable(await figuresFromWorkbook(xlsx.rawPayload), view, `xlsx ${query}`);
  return { page: page.body, figures: download };
}

const PERIODS: { name: string; query: string; period: Period }[] = [
  {
    name: 'financial year 2025 to 2026',
    query: 'period=year&year=2025',
    period: { from: '2025-04-01', to: '2026-03-31' },
  },
  {
    name: 'quarter 3 of 2025 to 2026',
    query: 'period=quarter&quarter=2025-3',
    period: { from: '2025-10-01', to: '2025-12-31' },
  },
  {
    // The fixture's first cases fall at 00:30 on 1 April in London, 31 March in UTC.
    name: 'the month of April 2025',
    query: 'period=month&month-month=4&month-year=2025',
    period: { from: '2025-04-01', to: '2025-04-30' },
  },
  {
    // Widened to the financial year the two days are in.
    name: 'custom dates, 15 August 2025 to 10 February 2026',
    query:
      'period=custom&from-day=15&from-month=8&from-year=2025&to-day=10&to-month=2&to-year=2026',
    period: { from: '2025-04-01', to: '2026-03-31' },
  },
  {
    // Not over yet: open cases and caseloads are judged now, months run to this one.
    // Widened to its quarter, April to June 2026.
    name: 'custom dates, 20 April 2026 to today (1 June 2026)',
    query: 'period=custom&from-day=20&from-month=4&from-year=2026&to-day=1&to-month=6&to-year=2026',
    period: { from: '2026-04-01', to: '2026-06-30' },
  },
];

/** Every scope for every period: the tests of one dataset. */
function everyViewTests() {
  const wm = () => raw.hubs.find((h) => h.code === 'WM')!;
  for (const { name, query, period } of PERIODS) {
    test(`all hubs, ${name}: every table of the page and downloads matches the rows`, async () => {
      await checkView(analyst, '/statistics', query, {
        period,
        hubIds: null,
        namedClinicians: false,
      });
    });
    test(`West Midlands chosen by an analyst, ${name}: every table matches`, async () => {
      await checkView(analyst, '/statistics', `${query}&hub=${wm().id}`, {
        period,
        hubIds: [wm().id],
        namedClinicians: false,
      });
    });
    test(`West Midlands for its hub lead, ${name}: every table matches, clinicians named`, async () => {
      await checkView(hubLead, `/statistics/hubs/${wm().id}`, query, {
        period,
        hubIds: [wm().id],
        namedClinicians: true,
        staff: await clinicalStaff([wm().id]),
      });
    });
  }
}

describe('statistics of a seeded fixture', () => {
  let users: FixtureUsers;
  before(async () => {
    t = await testApp();
    users = await statisticsFixture(t.database.db, {
      seed: 20260601,
      cases: 420,
      from: new Date('2025-02-01T00:00:00Z'),
      to: new Date('2026-05-25T00:00:00Z'),
    });
    analyst = await signIn(t, { roles: ['analyst'] });
    hubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    await loadRaw();
  });
  after(async () => {
    await t?.close();
  });

  everyViewTests();

  test('the rule has work to do; an unlisted code is counted but never printed', async () => {
    const csv = await fetchOk(
      analyst,
      '/statistics/export.csv?period=year&year=2025',
      /^text\/csv/,
    );
    const figures = figuresFromCsv(csv.body);
    const values = [...figures.values()].flatMap((r) =>
      [...r.values()].flatMap((c) => [...c.values()]),
    );
    assert.ok(values.includes('*'), 'some figures are hidden');
    assert.ok(values.includes('0'), 'some zeros are shown');
    const ethnicity = figures.get('ethnicity')!;
    assert.ok(ethnicity.has('Code no longer listed'), 'an unlisted code is counted');
    assert.ok(
      ![...ethnicity.keys()].some((label) => label.includes('withdrawn_code')),
      'but what the database holds is never printed',
    );
  });

  test("a hub lead's page: their hub only, its period, its clinicians by name", async () => {
    const wm = raw.hubs.find((h) => h.code === 'WM')!;
    const page = await fetchOk(
      hubLead,
      `/statistics/hubs/${wm.id}?period=quarter&quarter=2025-3`,
      /^text\/html/,
    );
    assert.match(page.body, /October to December 2025/);
    const figures = figuresFromHtml(page.body);
    assert.deepEqual(
      [...figures.get('requests-by-month')!.get('October 2025')!.keys()],
      ['West Midlands'],
    );
    const named = figures.get('caseload-by-clinician')!;
    for (const id of users.clinicians.WM!) {
      assert.ok(named.has(raw.users.get(id)!.name as string), 'the hub’s clinicians, 0 or not');
    }
    // A hub lead is not a clinician: listed only with open cases of their own.
    const lead = raw.users.get(users.hubLeads.WM!)!.name as string;
    assert.ok(!named.has(lead) || named.get(lead)!.get('Open cases allocated') !== '0');
    for (const id of users.clinicians.NW!) {
      assert.ok(!named.has(raw.users.get(id)!.name as string), 'never another hub’s');
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

    // The trend chart plots the published monthly figures of the table under it, one point per
    // figure shown: a hidden month of a hub is left out (its line breaks there), never
    // estimated, while the month stays on the axis.
    const trend = pageTables(page.body).find((x) => x.id === 'requests-by-month')!;
    assert.ok(trend.chart, 'the monthly trend has a chart');
    const [header, ...rows] = trend.rows;
    const months = rows.filter((r) => r[0] !== 'Total');
    const series = header!.slice(1);
    // Vega gives the hubs the palette's colours in the order of their names.
    const palette = ['#1d70b8', '#d4351c', '#00703c', '#f47738'];
    const colourOf = new Map([...series].sort().map((name, i) => [name, palette[i]!]));
    const symbols = /<g class="mark-symbol[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(trend.chart)![1]!;
    const step = 640 / months.length;
    const plotted = [
      ...symbols.matchAll(
        /<path transform="translate\(([\d.]+),[\d.]+\)"[^>]*fill="(#[0-9a-f]+)"/g,
      ),
    ].map((m) => ({ month: Math.floor(Number(m[1]) / step), colour: m[2]! }));
    let hidden = 0;
    series.forEach((name, j) => {
      const published = months.flatMap((r, i) => (r[j + 1] === '*' ? [] : [i]));
      hidden += months.length - published.length;
      assert.deepEqual(
        plotted.filter((p) => p.colour === colourOf.get(name)).map((p) => p.month),
        published,
        `the points of ${name} are its published months`,
      );
    });
    assert.ok(hidden > 0, 'some monthly figures are hidden, and not plotted');
    assert.equal(plotted.length, months.length * series.length - hidden);
    for (const [month] of months) assert.match(trend.chart, new RegExp(`>${month}</text>`));
  });

  test('the spreadsheet has a metadata sheet, then one sheet per table of the page', async () => {
    const response = await fetchOk(
      analyst,
      '/statistics/export.xlsx?period=year&year=2025',
      /spreadsheetml/,
    );
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
    const page = await getPage(t, analyst, '/statistics?period=year&year=2025');
    assert.deepEqual(
      names.slice(1),
      pageTables(page.body).map((x) => x.id),
    );
    assert.deepEqual(
      (workbook.getWorksheet('referral-sector')!.getRow(4).values as unknown[]).slice(1),
      [
        'Referral sector',
        'London',
        'North West',
        'West Midlands',
        'All hubs',
        'Percentage of total',
      ],
    );
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
    hubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    await loadRaw();
  });
  after(async () => {
    await t?.close();
  });

  test('the generator wrote cases, formulations and feedback', () => {
    assert.ok(raw.cases.length > 500, 'the generator wrote cases');
    assert.ok(
      raw.formulations.some((f) => f.status === 'signed_off'),
      'with formulations',
    );
    assert.ok(raw.feedback.size > 0, 'and feedback');
  });

  everyViewTests();

  test('the page shows the calibrated shares: 93% of those with mental health difficulties have additional needs', async () => {
    const csv = await fetchOk(
      analyst,
      '/statistics/export.csv?period=year&year=2025',
      /^text\/csv/,
    );
    const headlines = figuresFromCsv(csv.body).get('assessment-headlines')!;
    const percentage = (label: string) => Number(headlines.get(label)!.get('Percentage'));
    const near = (label: string, expected: number, within: number) =>
      assert.ok(
        Math.abs(percentage(label) - expected) <= within,
        `${label}: ${percentage(label)}%, expected ${expected}% ± ${within}`,
      );
    near('Additional needs, of those with mental health difficulties', 93, 3);
    near('Diagnosable mental illness as primary vulnerability', 30, 5);
    near('Complex needs as primary vulnerability', 43, 5);
  });
});

/**
 * Search at national scale (issue 14: p95 under 50 ms for each kind of query with 250,000
 * people and 40,000 cases). Not a test: run it by hand on PostgreSQL, for example
 *
 *   node --import tsx bench/search.ts --admin-url postgres://postgres@127.0.0.1:5432/postgres
 *
 * makes a fresh database (cicero_search_<hex>), migrates it, pads the people to 250,000 with the
 * generator's vocabulary (bench/support/people.ts), adds 40,000 cases over three hubs and ten
 * years (a person in ten referred again), then times the search service (`searchCases`: the
 * query, its count and its audit rows, in one transaction) --runs times for each kind of query
 * and each kind of viewer, with terms drawn from the data: a case reference, an NHS number as
 * typed with spaces, a date of birth as 2/3/1990, a name with a typo in each part and, every
 * other time, its parts the other way round, and a PCMT reference. `--database-url` reuses a
 * database this made (with --keep). Options: --people (250000), --cases (40000), --runs (200),
 * --seed (search).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemClock } from '../src/domain/clock.ts';
import type { Role } from '../src/domain/roles.ts';
import { parseSearch, type SearchKind } from '../src/domain/search-query.ts';
import type { Principal } from '../src/features/auth/principal.ts';
import { Random } from '../src/features/generator/random.ts';
import { searchCases } from '../src/features/search/service.ts';
import { padPeople } from './support/people.ts';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string' },
    'database-url': { type: 'string' },
    people: { type: 'string', default: '250000' },
    cases: { type: 'string', default: '40000' },
    runs: { type: 'string', default: '200' },
    seed: { type: 'string', default: 'search' },
    keep: { type: 'boolean', default: false },
  },
});
const PEOPLE = Number(values.people);
const CASES = Number(values.cases);
const RUNS = Number(values.runs);
const HUBS = ['WM', 'NW', 'LDN'];
const OFFICERS_PER_HUB = 40;

async function freshDatabase(adminUrl: string): Promise<string> {
  const name = `cicero_search_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.href;
}

async function user(db: Kysely<DB>, name: string, roles: { role: Role; hubId: string | null }[]) {
  const side =
    roles[0]!.role === 'ig_officer'
      ? 'oversight'
      : ['case_officer', 'police_lead'].includes(roles[0]!.role)
        ? 'police'
        : 'health';
  const row = await db
    .insertInto('users')
    .values({
      email: `${name}-${randomBytes(3).toString('hex')}@bench.cicero.example`,
      name,
      side,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('role_assignments')
    .values(roles.map((r) => ({ user_id: row.id, role: r.role, hub_id: r.hubId, side })))
    .execute();
  return row.id;
}

/** 40,000 cases of people from the padded table, their requests, references and NHS numbers. */
async function fill(db: Kysely<DB>, random: Random): Promise<void> {
  const padded = await padPeople(db, PEOPLE, values.seed);
  console.log(`padded people by ${padded}`);
  const { n } = await db
    .selectFrom('cases')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  if (n >= CASES) return;
  const hubs = await db
    .selectFrom('hubs')
    .select(['id', 'code'])
    .where('code', 'in', HUBS)
    .execute();
  const officers = new Map<string, string[]>();
  for (const hub of hubs) {
    const ids: string[] = [];
    for (let i = 0; i < OFFICERS_PER_HUB; i += 1) {
      ids.push(
        await user(db, `Officer ${hub.code} ${i}`, [{ role: 'case_officer', hubId: hub.id }]),
      );
    }
    officers.set(hub.id, ids);
  }
  const people = await db.selectFrom('people').select('id').orderBy('id').limit(CASES).execute();
  let previous: { personId: string; caseId: string } | null = null;
  const counters = new Map<string, number>();
  for (let done = 0; done < CASES; done += 1000) {
    const batch = Math.min(1000, CASES - done);
    const cases = [];
    for (let i = 0; i < batch; i += 1) {
      const index = done + i;
      const hub = hubs[index % hubs.length]!;
      const year = 2017 + Math.floor((index / CASES) * 10);
      const key = `${hub.code}-${year}`;
      const sequence = (counters.get(key) ?? 0) + 1;
      counters.set(key, sequence);
      const again: { personId: string; caseId: string } | null =
        previous && random.chance(0.1) ? previous : null;
      const personId: string = again?.personId ?? people[index]!.id;
      const caseId = crypto.randomUUID();
      cases.push({
        id: caseId,
        reference: `${hub.code}-${year}-${String(sequence).padStart(4, '0')}`,
        hub_id: hub.id,
        person_id: personId,
        status: random.chance(0.85)
          ? 'closed'
          : random.pick(['open', 'awaiting_triage', 'awaiting_allocation', 'advice_only']),
        urgency: random.chance(0.1) ? 'urgent' : 'routine',
        requested_by: random.pick(officers.get(hub.id)!),
        requested_at: new Date(Date.UTC(year, random.int(0, 11), random.int(1, 28), 10)),
        previous_case_id: again?.caseId ?? null,
        idempotency_key: crypto.randomUUID(),
      });
      previous = { personId, caseId };
    }
    await db
      .insertInto('cases')
      .values(cases as never)
      .execute();
    await db
      .insertInto('support_requests')
      .values(
        cases.map((c) => ({
          case_id: c.id,
          pcmt_reference: `PCMT/${c.reference.slice(0, c.reference.indexOf('-'))}${random.int(1, 40)}/${c.requested_at.getUTCFullYear()}/${random.int(1000, 99999)}`,
          prevent_stage: random.chance(0.3) ? 'channel' : 'police_led',
          gateway_date: c.requested_at.toISOString().slice(0, 10),
          channel_reference: null,
          referral_sector: 'education',
          concern_type: 'conflicted',
          concerns_seen: 'Synthetic',
          support_reason: 'Synthetic',
          person_aware: 'yes',
          submitted_at: c.requested_at,
        })) as never,
      )
      .execute();
  }
  // NHS numbers for the people with cases (synthetic range, unique by row number).
  await sql`UPDATE people SET nhs_number = (9990000000 + n)::text
            FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM people
                  WHERE id IN (SELECT person_id FROM cases)) numbered
            WHERE people.id = numbered.id`.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
}

const typo = (word: string): string => {
  if (word.length < 4) return word;
  const i = 1 + (word.length % (word.length - 2));
  return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
};

async function terms(db: Kysely<DB>): Promise<Record<SearchKind, string[]>> {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .innerJoin('support_requests', 'support_requests.case_id', 'cases.id')
    .select([
      'cases.reference',
      'people.given_name',
      'people.family_name',
      'people.date_of_birth',
      'people.nhs_number',
      'support_requests.pcmt_reference',
    ])
    .orderBy(sql`md5(cases.id::text || ${values.seed})`)
    .limit(RUNS)
    .execute();
  return {
    case_reference: rows.map((r) => r.reference.toLowerCase()),
    nhs_number: rows.map(
      (r) => `${r.nhs_number!.slice(0, 3)} ${r.nhs_number!.slice(3, 6)} ${r.nhs_number!.slice(6)}`,
    ),
    date_of_birth: rows.map((r) => {
      const [yy, mm, dd] = r.date_of_birth.split('-');
      return `${Number(dd)}/${Number(mm)}/${yy}`;
    }),
    name: rows.map((r, i) => {
      const parts = [typo(r.given_name), typo(r.family_name)];
      return (i % 2 === 0 ? parts : parts.reverse()).join(' ');
    }),
    external_reference: rows.map((r) => r.pcmt_reference.toLowerCase()),
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main() {
  const url =
    values['database-url'] ??
    (values['admin-url'] ? await freshDatabase(values['admin-url']) : undefined);
  if (!url) throw new Error('Pass --admin-url (a fresh database is made) or --database-url');
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
  const db = database.db;
  const random = new Random(`bench-search:${values.seed}`);
  try {
    await migrate(database);
    const began = performance.now();
    await fill(db, random);
    console.log(`data ready in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    const counts = await sql<{ people: number; cases: number }>`
      SELECT (SELECT count(*)::int FROM people) AS people, (SELECT count(*)::int FROM cases) AS cases`.execute(
      db,
    );
    console.log(
      `${counts.rows[0]!.people} people, ${counts.rows[0]!.cases} cases; ${cpus().length} CPUs, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );

    const wm = (
      await db.selectFrom('hubs').select('id').where('code', '=', 'WM').executeTakeFirstOrThrow()
    ).id;
    const officerId = (
      await db
        .selectFrom('cases')
        .select('requested_by')
        .where('hub_id', '=', wm)
        .limit(1)
        .executeTakeFirstOrThrow()
    ).requested_by;
    const principal = (
      userId: string,
      roles: { role: Role; hubId: string | null }[],
    ): Principal => ({
      userId,
      name: 'Bench',
      email: 'bench@bench.cicero.example',
      side: null,
      assignments: roles,
      roles: [...new Set(roles.map((r) => r.role))],
      hubIds: roles.flatMap((r) => (r.hubId ? [r.hubId] : [])),
      profession: null,
      sessionId: crypto.randomUUID(),
    });
    const clinicianRoles = [{ role: 'clinician' as Role, hubId: wm }];
    const igRoles = [{ role: 'ig_officer' as Role, hubId: null }];
    const viewers = {
      'clinician (one hub)': principal(
        await user(db, 'Bench clinician', clinicianRoles),
        clinicianRoles,
      ),
      'IG officer (every case)': principal(await user(db, 'Bench IG', igRoles), igRoles),
      'case officer (own requests)': principal(officerId, [{ role: 'case_officer', hubId: wm }]),
    };
    const byKind = await terms(db);
    console.log(
      `\n${RUNS} searches per kind and viewer (searchCases: query, count, audit rows; page 1)\n`,
    );
    console.log('| kind | viewer | mean hits | p50 ms | p95 ms | max ms |');
    console.log('| --- | --- | --: | --: | --: | --: |');
    for (const [kind, list] of Object.entries(byKind) as [SearchKind, string[]][]) {
      for (const [label, viewer] of Object.entries(viewers)) {
        const times: number[] = [];
        let hits = 0;
        for (const [i, term] of list.entries()) {
          const parsed = parseSearch(term);
          if (!parsed.ok || parsed.query.kind !== kind)
            throw new Error(`${kind} term not read as one`);
          const actor = {
            userId: viewer.userId,
            role: viewer.roles[0]!,
            hubId: null,
            requestId: null,
          };
          const start = performance.now();
          const result = await searchCases(
            { db, clock: systemClock },
            { actor, principal: viewer },
            parsed.query,
            1,
          );
          if (i >= 5) times.push(performance.now() - start); // the first few warm the cache
          hits += result.total;
        }
        times.sort((a, b) => a - b);
        console.log(
          `| ${kind} | ${label} | ${(hits / list.length).toFixed(1)} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times.at(-1)!.toFixed(1)} |`,
        );
      }
    }
  } finally {
    await database.close();
    if (!values.keep && !values['database-url'] && values['admin-url']) {
      const admin = new pg.Client({ connectionString: values['admin-url'] });
      await admin.connect();
      await admin.query(`DROP DATABASE ${new URL(url).pathname.slice(1)}`);
      await admin.end();
    } else {
      console.log(`\nkept ${new URL(url).pathname.slice(1)}`);
    }
  }
}

await main();

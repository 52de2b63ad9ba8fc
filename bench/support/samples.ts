// The load mix: which pages, as whom, how often. Users and records are picked from the
// generated data (the project's own generator), each request as a signed-in user with a
// session row as the sign-in journey leaves it.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { replaceAssignments } from '../../src/access/assignments.ts';
import type { DB } from '../../src/db/schema.ts';
import { assignmentsOf } from '../../src/domain/role-assignments.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { sessionStore } from '../../src/features/auth/sessions.ts';

export interface PageSample {
  page: string;
  path: string;
  userId: string;
  /** The page's share of the mix; split evenly between its samples. */
  weight: number;
}

/** The pages of the mix and their weights (per cent of requests). */
export const MIX = {
  'Case officer: my requests': 10,
  'Case officer: one request': 10,
  'Clinician: a case': 12,
  'Clinician: case assessment': 4,
  'Clinician: case timeline': 4,
  'Clinician: my cases': 10,
  'Triage queue': 10,
  'Person search at intake': 10,
  'Hub lead: open cases': 5,
  'Hub lead: unallocated': 5,
  'Hub lead: due and overdue': 5,
  'Statistics (analyst)': 8,
  'Statistics (hub lead)': 7,
} as const satisfies Record<string, number>;
export type Page = keyof typeof MIX;

/** Picks `perPage` samples per page from the data. */
export async function pickSamples(db: Kysely<DB>, perPage: number): Promise<PageSample[]> {
  const picked: { page: Page; path: string; userId: string }[] = [];
  const add = (page: Page, path: string, userId: string) => picked.push({ page, path, userId });

  const officerCases = await db
    .selectFrom('cases')
    .innerJoin('role_assignments as ra', (j) =>
      j
        .onRef('ra.user_id', '=', 'cases.requested_by')
        .onRef('ra.hub_id', '=', 'cases.hub_id')
        .on('ra.role', '=', 'case_officer'),
    )
    .select(['cases.id', 'cases.requested_by', 'cases.person_id', 'cases.hub_id'])
    .distinctOn('cases.requested_by')
    .orderBy('cases.requested_by')
    .orderBy('cases.requested_at', 'desc')
    .limit(perPage)
    .execute();
  for (const c of officerCases) {
    add('Case officer: my requests', '/requests', c.requested_by);
    add('Case officer: one request', `/requests/${c.id}`, c.requested_by);
  }

  const allocated = await db
    .selectFrom('allocations')
    .innerJoin('cases', 'cases.id', 'allocations.case_id')
    .select(['allocations.clinician_id', 'allocations.case_id'])
    .distinctOn('allocations.clinician_id')
    .where('allocations.allocated_to', 'is', null)
    .where('cases.status', '=', 'open')
    .orderBy('allocations.clinician_id')
    .orderBy('cases.requested_at', 'desc')
    .limit(perPage)
    .execute();
  for (const a of allocated) {
    add('Clinician: a case', `/cases/${a.case_id}`, a.clinician_id);
    // The case as a workspace (issue 13): its sections are pages of their own.
    add('Clinician: case assessment', `/cases/${a.case_id}/section/assessment`, a.clinician_id);
    add('Clinician: case timeline', `/cases/${a.case_id}/section/timeline`, a.clinician_id);
    add('Clinician: my cases', '/cases', a.clinician_id);
    add('Triage queue', '/triage', a.clinician_id);
  }

  const leads = await db
    .selectFrom('role_assignments')
    .select(['user_id', 'hub_id'])
    .where('role', '=', 'hub_lead')
    .limit(perPage)
    .execute();
  for (const l of leads) {
    add('Hub lead: open cases', '/cases?tab=open', l.user_id);
    add('Hub lead: unallocated', '/cases?tab=unallocated', l.user_id);
    add('Hub lead: due and overdue', '/plans/due', l.user_id);
    add('Statistics (hub lead)', `/statistics/hubs/${l.hub_id}`, l.user_id);
  }

  const analyst = await benchUser(db, 'analyst', []);
  add('Statistics (analyst)', '/statistics', analyst);

  // Person search at intake: a draft whose person has the name and date of birth of someone
  // already known in the officer's hub, so the match runs over the whole people table.
  for (const c of officerCases) {
    const person = await db
      .selectFrom('people')
      .selectAll()
      .where('id', '=', c.person_id)
      .executeTakeFirstOrThrow();
    const now = new Date();
    const draft = await db
      .insertInto('request_drafts')
      .values({
        owner_id: c.requested_by,
        hub_id: c.hub_id,
        answers: JSON.stringify({
          person: {
            givenName: person.given_name,
            familyName: person.family_name,
            otherNames: null,
            dateOfBirth: isoDate(person.date_of_birth),
            nhsNumber: null,
            gender: person.gender,
            ethnicity: person.ethnicity,
            postcodeDistrict: person.postcode_district,
            firstLanguage: person.first_language,
            communicationNeeds: null,
          },
        }),
        idempotency_key: randomUUID(),
        created_at: now,
        updated_at: now,
        expires_at: new Date(now.getTime() + 86_400_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    add('Person search at intake', `/requests/drafts/${draft.id}/possible-match`, c.requested_by);
  }

  const counts = new Map<Page, number>();
  for (const p of picked) counts.set(p.page, (counts.get(p.page) ?? 0) + 1);
  return picked.map((p) => ({ ...p, weight: MIX[p.page] / counts.get(p.page)! }));
}

const isoDate = (value: unknown): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

/** A user of the benchmark's own (no password: it signs in by a session made for it). */
async function benchUser(db: Kysely<DB>, role: 'analyst', hubIds: string[]): Promise<string> {
  const user = await db
    .insertInto('users')
    .values({ email: `bench-${role}-${randomUUID()}@bench.cicero.example`, name: `Bench ${role}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .transaction()
    .execute((trx) => replaceAssignments(trx, user.id, assignmentsOf([role], hubIds)));
  return user.id;
}

/** One active session per user, as the sign-in journey leaves it; cookie header per user. */
export async function sessionCookies(
  db: Kysely<DB>,
  userIds: readonly string[],
): Promise<Map<string, string>> {
  const sessions = sessionStore(db, systemClock, { idleMinutes: 600, absoluteHours: 12 });
  const cookies = new Map<string, string>();
  for (const userId of new Set(userIds)) {
    const { cookieToken } = await sessions.create({ userId, stage: 'active' });
    cookies.set(userId, `cicero_session=${cookieToken}`);
  }
  return cookies;
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { nextCaseReference } from '../../src/features/requests/reference.ts';
import type { CaseState } from '../../src/domain/case-state.ts';
import type { TestApp } from './app.ts';
import { hubId } from './auth.ts';

/** A case with its person and support request, inserted directly in the given state. */
export async function insertCase(
  db: Kysely<DB>,
  options: {
    hubCode: string;
    requestedBy: string;
    status?: CaseState;
    givenName?: string;
    familyName?: string;
  },
): Promise<{ caseId: string; personId: string; reference: string }> {
  const hub = await hubId(db, options.hubCode);
  const person = await db
    .insertInto('people')
    .values({
      given_name: options.givenName ?? 'Testy',
      family_name: options.familyName ?? 'McTestface',
      date_of_birth: '1999-02-03',
      gender: 'male',
      ethnicity: 'not_known',
      postcode_district: 'B15',
      first_language: 'English',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // From the service's own counter, so a case the service makes later never takes the same one.
  const reference = await db
    .transaction()
    .execute((trx) => nextCaseReference(trx, { id: hub, code: options.hubCode }, 2026));
  const created = await db
    .insertInto('cases')
    .values({
      reference,
      hub_id: hub,
      person_id: person.id,
      status: (options.status ?? 'open') as never,
      urgency: 'routine',
      requested_by: options.requestedBy,
      requested_at: new Date('2026-05-20T10:00:00Z'),
      idempotency_key: randomUUID(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('support_requests')
    .values({
      case_id: created.id,
      pcmt_reference: 'PCMT-1',
      prevent_stage: 'police_led',
      gateway_date: '2026-05-01',
      referral_sector: 'education',
      concern_type: 'conflicted',
      concerns_seen: 'Low mood',
      support_reason: 'Advice on engagement',
      person_aware: 'yes',
      submitted_at: new Date('2026-05-20T10:00:00Z'),
    })
    .execute();
  return { caseId: created.id, personId: person.id, reference };
}

/** The case's current version, for forms a test submits. */
export async function caseVersion(db: Kysely<DB>, caseId: string): Promise<string> {
  const row = await db
    .selectFrom('cases')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return String(row.version);
}

/** Submits a form as a signed-in user, with their CSRF token. */
export function postForm(
  t: TestApp,
  who: { cookie: string; csrfToken: string },
  url: string,
  fields: Record<string, string>,
) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie },
    payload: { _csrf: who.csrfToken, ...fields },
  });
}

export function getPage(t: TestApp, who: { cookie: string }, url: string) {
  return t.app.inject({ method: 'GET', url, headers: { cookie: who.cookie } });
}

import { sql } from 'kysely';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { insertCase } from '../../../test/support/journey.ts';

/** The text of `main`, tags dropped, spaces folded. */
export const mainText = (html: string) =>
  (/<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

type Made = { caseId: string; personId: string; reference: string };
export type CaseName = 'adult' | 'north' | 'child' | 'open' | 'old';

export interface RetentionFixture {
  t: TestApp;
  officer: SignedIn;
  lead: SignedIn;
  clinician: SignedIn;
  otherClinician: SignedIn;
  ig: SignedIn;
  cases: Record<CaseName, Made>;
  /** The stored next review date of each clock of a case. */
  reviews: (caseId: string) => Promise<Record<string, string>>;
}

/**
 * The retention tests' app (today is 1 June 2026 in London), its users, and five cases whose
 * dates the rule reads, set directly (names carry a canary the pages must never show).
 */
export async function retentionFixture(): Promise<RetentionFixture> {
  const t = await testApp();
  const db = t.database.db;
  const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
  const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
  const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  const otherClinician = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
  const ig = await signIn(t, { roles: ['ig_officer'] });

  async function makeCase(
    name: CaseName,
    input: {
      hub: string;
      dob: string;
      requestedAt: string;
      closedAt: string | null;
      lastContactOn: string | null;
    },
  ): Promise<Made> {
    const made = await insertCase(db, {
      hubCode: input.hub,
      requestedBy: officer.userId,
      status: input.closedAt ? 'closed' : 'open',
      givenName: `CANARY-${name}`,
    });
    await db
      .updateTable('people')
      .set({ date_of_birth: input.dob })
      .where('id', '=', made.personId)
      .execute();
    await db
      .updateTable('cases')
      .set({
        requested_at: new Date(input.requestedAt),
        closed_at: input.closedAt ? new Date(input.closedAt) : null,
      })
      .where('id', '=', made.caseId)
      .execute();
    await sql`UPDATE cases SET last_person_contact_on = ${input.lastContactOn}::date
              WHERE id = ${made.caseId}::uuid`.execute(db);
    return made;
  }

  const cases: Record<CaseName, Made> = {
    // Adult, closed January 2020 with no contact: police due 15 January 2026.
    adult: await makeCase('adult', {
      hub: 'WM',
      dob: '1990-05-14',
      requestedAt: '2019-10-01T10:00:00Z',
      closedAt: '2020-01-15T12:00:00Z',
      lastContactOn: null,
    }),
    // Another hub, closed March 2019: police due 1 March 2025.
    north: await makeCase('north', {
      hub: 'NW',
      dob: '1985-01-01',
      requestedAt: '2018-11-01T10:00:00Z',
      closedAt: '2019-03-01T12:00:00Z',
      lastContactOn: '2019-02-01',
    }),
    // A child seen last at 3, closed at 17: health kept to the 26th birthday, 10 March 2026.
    child: await makeCase('child', {
      hub: 'WM',
      dob: '2000-03-10',
      requestedAt: '2003-01-10T10:00:00Z',
      closedAt: '2017-06-01T12:00:00Z',
      lastContactOn: '2003-04-01',
    }),
    // Open: the police clock has not started; health counts from the last contact.
    open: await makeCase('open', {
      hub: 'WM',
      dob: '1950-07-01',
      requestedAt: '2026-05-20T10:00:00Z',
      closedAt: null,
      lastContactOn: '2026-05-28',
    }),
    // Closed long ago (last seen 2010; police due 1 February 2016, the oldest): a recorded
    // death can be the later date.
    old: await makeCase('old', {
      hub: 'WM',
      dob: '1960-02-29',
      requestedAt: '2009-06-01T10:00:00Z',
      closedAt: '2010-02-01T12:00:00Z',
      lastContactOn: '2010-01-01',
    }),
  };
  await allocate(db, {
    caseId: cases.open.caseId,
    clinicianId: clinician.userId,
    byId: lead.userId,
  });

  const reviews = async (caseId: string) =>
    Object.fromEntries(
      (
        await db
          .selectFrom('retention_reviews')
          .select(['clock', 'due_on'])
          .where('case_id', '=', caseId)
          .execute()
      ).map((r) => [r.clock, r.due_on]),
    );
  return { t, officer, lead, clinician, otherClinician, ig, cases, reviews };
}

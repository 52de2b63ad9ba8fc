import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { insertCase } from '../../../test/support/journey.ts';

/** Texts the subject access tests look for in the bundle, or make sure are not in it. */
export const SAR_TEXT = {
  released: 'RELEASED-NOTE sleeping better since the last visit',
  harm: 'WITHHELD-HARM a view of the person the clinician judges harmful to share',
  thirdPartyBody: 'Spoke with THIRD-PARTY-NAME about the weekend',
  restricted: 'RESTRICTED-NOTE disputed by the person',
  secondEpisode: 'SECOND-EPISODE note from the later referral',
  policeUpdate: 'POLICE-UPDATE attended the youth club again',
} as const;

/**
 * A person with two episodes (two cases of the same person, in the West Midlands hub), each
 * with health records and police content, for the subject access tests: a released note, a
 * note to withhold under the serious harm test, a contact naming a third party, a restricted
 * note (a correction answered by annotation) and a police update.
 */
export async function twoEpisodes(
  db: Kysely<DB>,
  users: { officerId: string; clinicianId: string },
  now: Date,
  givenName = 'Sam',
) {
  const first = await insertCase(db, {
    hubCode: 'WM',
    requestedBy: users.officerId,
    status: 'closed',
    givenName,
    familyName: 'Subject',
  });
  const second = await insertCase(db, {
    hubCode: 'WM',
    requestedBy: users.officerId,
    givenName,
    familyName: 'Subject',
  });
  await db
    .updateTable('cases')
    .set({ person_id: first.personId, requested_at: new Date(now.getTime() - 86_400_000) })
    .where('id', '=', second.caseId)
    .execute();
  await db
    .updateTable('cases')
    .set({ requested_at: new Date('2025-01-10T10:00:00Z') })
    .where('id', '=', first.caseId)
    .execute();
  // The clinician is allocated to both episodes: they read the health record and review it.
  for (const caseId of [first.caseId, second.caseId]) {
    await allocate(db, { caseId, clinicianId: users.clinicianId, byId: users.clinicianId });
  }
  const note = async (caseId: string, body: string, at: string) => {
    const row = await db
      .insertInto('case_notes')
      .values({ case_id: caseId, created_by: users.clinicianId, created_at: new Date(at) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('case_note_versions')
      .values({
        note_id: row.id,
        version: 1,
        noted_on: at.slice(0, 10),
        kind: 'clinical',
        body,
        reason: null,
        written_by: users.clinicianId,
        written_at: new Date(at),
      })
      .execute();
    return row.id;
  };
  await note(first.caseId, SAR_TEXT.released, '2025-02-01T10:00:00Z');
  await note(first.caseId, SAR_TEXT.harm, '2025-02-02T10:00:00Z');
  await db
    .insertInto('contacts')
    .values({
      case_id: first.caseId,
      kind: 'family_carer',
      with_whom: 'Mother',
      method: 'face_to_face',
      status: 'attended',
      starts_at: new Date('2025-02-03T10:00:00Z'),
      clinician_id: users.clinicianId,
      summary: SAR_TEXT.thirdPartyBody,
      recorded_by: users.clinicianId,
      recorded_at: new Date('2025-02-03T12:00:00Z'),
      outcome_by: users.clinicianId,
      outcome_at: new Date('2025-02-03T12:00:00Z'),
    })
    .execute();
  const restricted = await note(second.caseId, SAR_TEXT.restricted, '2026-05-21T10:00:00Z');
  await db
    .insertInto('record_rectifications')
    .values({
      case_id: second.caseId,
      record_kind: 'note',
      record_id: restricted,
      requested_on: '2026-05-22',
      request: 'The person says this is wrong',
      outcome: 'annotated',
      annotation: 'It stands as the clinical view held at the time',
      decided_by: users.clinicianId,
      decided_at: new Date('2026-05-22T10:00:00Z'),
    })
    .execute();
  await note(second.caseId, SAR_TEXT.secondEpisode, '2026-05-23T10:00:00Z');
  await db
    .insertInto('police_updates')
    .values({
      case_id: second.caseId,
      author_id: users.officerId,
      body: SAR_TEXT.policeUpdate,
      created_at: new Date('2026-05-24T10:00:00Z'),
    })
    .execute();
  return { personId: first.personId, first, second };
}

import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { methodRequired, type ConsentStatus } from '../../src/domain/consent.ts';

/** Allocates a clinician to a case as its lead practitioner, directly in the database. */
export async function allocate(
  db: Kysely<DB>,
  input: { caseId: string; clinicianId: string; byId: string },
): Promise<void> {
  await db
    .insertInto('allocations')
    .values({
      case_id: input.caseId,
      clinician_id: input.clinicianId,
      role: 'lead',
      allocated_from: new Date('2026-05-21T09:00:00Z'),
      allocated_by: input.byId,
    })
    .execute();
}

/** Adds an entry to the consent history of a case, directly in the database. */
export async function recordConsentEntry(
  db: Kysely<DB>,
  input: { caseId: string; byId: string; status: ConsentStatus; at?: Date },
): Promise<void> {
  await db
    .insertInto('consents')
    .values({
      case_id: input.caseId,
      status: input.status,
      method: methodRequired(input.status) ? 'verbal' : null,
      decided_at: input.status === 'not_yet_sought' ? null : new Date('2026-05-22T10:00:00Z'),
      best_interests_by:
        input.status === 'lacks_capacity_best_interests' ? 'Dr Test Consultant' : null,
      note: null,
      recorded_by: input.byId,
      recorded_at: input.at ?? new Date('2026-05-22T10:00:00Z'),
    })
    .execute();
}

import { replaceAssignments } from '../../src/access/assignments.ts';
import { assignmentsOf } from '../../src/domain/role-assignments.ts';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import type { Officer } from '../../src/features/requests/drafts.ts';
import type { DraftAnswers } from '../../src/features/requests/sections.ts';

/** A complete request's answers about a synthetic person. */
export const completeAnswers = (
  overrides: Partial<DraftAnswers> = {},
): Required<Omit<DraftAnswers, 'hub' | 'match'>> & DraftAnswers => ({
  person: {
    givenName: 'Testy',
    familyName: 'McTestface',
    otherNames: null,
    dateOfBirth: '1999-02-03',
    nhsNumber: null,
    gender: 'male',
    ethnicity: 'not_stated',
    postcodeDistrict: 'B15',
    firstLanguage: 'English',
    communicationNeeds: null,
  },
  prevent: {
    pcmtReference: 'PCMT-1',
    preventStage: 'police_led',
    gatewayDate: '2026-05-01',
    channelReference: null,
  },
  referral: { referralSector: 'education', concernType: 'conflicted' },
  concerns: {
    concernsSeen: 'Low mood',
    supportReason: 'Advice on engagement',
    gpPractice: null,
    mentalHealthTeam: null,
  },
  urgency: { personAware: 'yes', urgency: 'routine', urgencyReason: null },
  ...overrides,
});

export async function hubId(database: Database, code: string): Promise<string> {
  const hub = await database.db
    .selectFrom('hubs')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return hub.id;
}

/** A case officer of the given hubs, inserted directly (no sign-in). */
export async function insertOfficer(database: Database, hubCodes: string[]): Promise<Officer> {
  const user = await database.db
    .insertInto('users')
    .values({ email: `${randomUUID()}@police.example`, name: 'Officer Synthetic' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hubIds: string[] = [];
  for (const code of hubCodes) hubIds.push(await hubId(database, code));
  await database.db
    .transaction()
    .execute((trx) => replaceAssignments(trx, user.id, assignmentsOf(['case_officer'], hubIds)));
  return { userId: user.id, hubIds };
}

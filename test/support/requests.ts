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
    ethnicity: 'not_known',
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
  await database.db
    .insertInto('user_roles')
    .values({ user_id: user.id, role: 'case_officer' })
    .execute();
  const hubIds = [];
  for (const code of hubCodes) {
    const id = await hubId(database, code);
    await database.db.insertInto('user_hubs').values({ user_id: user.id, hub_id: id }).execute();
    hubIds.push(id);
  }
  return { userId: user.id, hubIds };
}

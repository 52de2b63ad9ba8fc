import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import type { SignedIn } from '../support/auth.ts';
import { caseVersion, postForm } from '../support/journey.ts';

const typed = (field: string) => `CANARY-typed-${field}`;

const ok = async (response: Promise<{ statusCode: number }>, what: string) => {
  const r = await response;
  assert.ok([302, 303].includes(r.statusCode), `${what}: ${r.statusCode}`);
};

/**
 * Contacts and notes (issue 13) of the fixture's open case, through the pages: a contact with
 * the person recorded after the fact, an appointment booked with family, a note amended. What
 * was typed carries canaries, and the painter paints every text column after.
 */
export async function contactsAndNotes(t: TestApp, caseId: string, who: SignedIn): Promise<void> {
  const { db } = t.database;
  await ok(
    postForm(t, who, `/cases/${caseId}/contacts/record`, {
      version: await caseVersion(db, caseId),
      kind: 'person',
      withWhom: typed('contact-with-whom'),
      method: 'face_to_face',
      'day-day': '31',
      'day-month': '5',
      'day-year': '2026',
      time: '2pm',
      place: typed('contact-place'),
      duration: '45',
      summary: typed('contact-summary'),
      followUp: typed('contact-follow-up'),
    }),
    'contact recorded',
  );
  await ok(
    postForm(t, who, `/cases/${caseId}/contacts/book`, {
      version: await caseVersion(db, caseId),
      kind: 'family_carer',
      withWhom: typed('appointment-with-whom'),
      method: 'home_visit',
      'day-day': '10',
      'day-month': '6',
      'day-year': '2026',
      time: '10am',
      place: typed('appointment-place'),
    }),
    'appointment booked',
  );
  await ok(
    postForm(t, who, `/cases/${caseId}/notes`, {
      version: await caseVersion(db, caseId),
      'notedOn-day': '1',
      'notedOn-month': '6',
      'notedOn-year': '2026',
      kind: 'safeguarding_concern',
      body: typed('note-body'),
    }),
    'note written',
  );
  const note = await db
    .selectFrom('case_notes')
    .select(['id', 'version'])
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  await ok(
    postForm(t, who, `/cases/${caseId}/notes/${note.id}/amend`, {
      version: String(note.version),
      'notedOn-day': '1',
      'notedOn-month': '6',
      'notedOn-year': '2026',
      kind: 'safeguarding_concern',
      body: typed('note-body-amended'),
      reason: typed('note-amend-reason'),
    }),
    'note amended',
  );
}

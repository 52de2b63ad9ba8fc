import assert from 'node:assert/strict';
import type { TestApp } from '../support/app.ts';
import { signIn } from '../support/auth.ts';
import { postForm } from '../support/journey.ts';

/**
 * A subject access request (issue 15) of the person of the fixture's open case, registered and
 * gathered through the IG officer's pages, to both controllers: the copies of the person's
 * health records (painted with canaries after) and police records sit in the request's items,
 * which the IG officer's pages list without their content and which only the case's readers of
 * each side review. Left unreviewed, so no bundle can be produced. Returns the request's id.
 */
export async function subjectAccessRequest(t: TestApp, caseId: string): Promise<string> {
  const ig = await signIn(t, { roles: ['ig_officer'] });
  const { db } = t.database;
  const { person_id: personId, reference } = await db
    .selectFrom('cases')
    .select(['person_id', 'reference'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const registered = await postForm(t, ig, '/subject-access/new', {
    step: 'register',
    q: reference,
    personId,
    'receivedOn-day': '1',
    'receivedOn-month': '6',
    'receivedOn-year': '2026',
    identityMethod: 'photo_id',
    identityCheckedBy: 'Reception desk',
    controller: 'both',
  });
  assert.equal(registered.statusCode, 303, `subject access request: ${registered.statusCode}`);
  const requestUrl = registered.headers.location!;
  const gathered = await postForm(t, ig, `${requestUrl}/gather`, {});
  assert.equal(gathered.statusCode, 303, `records gathered: ${gathered.statusCode}`);
  return requestUrl.split('/').pop()!;
}

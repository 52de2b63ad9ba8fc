import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import { isUuid } from '../web/ids.ts';

/**
 * Sending a create form twice (a double click, a resubmit after a slow answer) must land where
 * the first send did, not on the "changed since you opened it" page and never with a second
 * record. Each rendered create form carries a random token (`formToken`); the save records it
 * with the record it made, in its own transaction, after the case row is locked. A later send
 * of the same token by the same user finds that record and answers as the first did.
 */
export const FORM_TOKEN_FIELD = 'formToken';

/** The kinds of create form with a token: each names the table its record id is in. */
export type SubmissionKind =
  | 'police_update'
  | 'liaison_contact'
  | 'meeting'
  | 'advice'
  | 'contact'
  | 'case_note'
  // A letter saved to the case's documents (src/features/letters): its document's id.
  | 'letter_document';

/** A new token for a form being shown. */
export const newFormToken = (): string => randomUUID();

/** The token a form was sent with (null when absent or not a token we could have made). */
export function formTokenOf(body: unknown): string | null {
  const value =
    body && typeof body === 'object' ? (body as Record<string, unknown>)[FORM_TOKEN_FIELD] : null;
  return isUuid(value) ? value.toLowerCase() : null;
}

/** The token a form page shows: the one it was sent with (shown again with errors), or a new one. */
export const formTokenFor = (body?: unknown): string => formTokenOf(body) ?? newFormToken();

export interface Submission {
  token: string | null;
  userId: string;
  caseId: string;
  kind: SubmissionKind;
}

/**
 * The record a first send of this form made, or null. Call it after the case is opened for
 * update (its row lock orders two sends of one form), before the version check.
 */
export async function firstSubmission(
  trx: Transaction<DB>,
  submission: Submission,
): Promise<string | null> {
  if (!submission.token) return null;
  const found = await trx
    .selectFrom('form_submissions')
    .select('record_id')
    .where('token', '=', submission.token)
    .where('user_id', '=', submission.userId)
    .where('case_id', '=', submission.caseId)
    .where('kind', '=', submission.kind)
    .executeTakeFirst();
  return found?.record_id ?? null;
}

/** Records what the send of a form made, in the transaction that made it. */
export async function recordSubmission(
  trx: Transaction<DB>,
  clock: Clock,
  submission: Submission & { recordId: string },
): Promise<void> {
  if (!submission.token) return;
  await trx
    .insertInto('form_submissions')
    .values({
      token: submission.token,
      user_id: submission.userId,
      case_id: submission.caseId,
      kind: submission.kind,
      record_id: submission.recordId,
      submitted_at: clock.now(),
    })
    .execute();
}

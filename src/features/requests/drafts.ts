import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { readAnswers, type DraftAnswers, type SectionId } from './sections.ts';

/** A draft is kept this long after it was last saved. */
export const DRAFT_LIFETIME_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/** The case officer a service acts for (from the signed-in principal). */
export interface Officer {
  userId: string;
  hubIds: string[];
  /** The API client the officer acts through, when through the API (named in audit rows). */
  clientId?: string | null;
}

export interface RequestDraft {
  id: string;
  hubId: string | null;
  answers: DraftAnswers;
  idempotencyKey: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

/** What the request services need: the database and the clock. */
export interface RequestDeps {
  db: Kysely<DB>;
  clock: Clock;
}

const expiry = (clock: Clock) => new Date(clock.now().getTime() + DRAFT_LIFETIME_DAYS * DAY);

/**
 * Starts a request. An officer of one hub requests from that hub; an officer of several
 * chooses in the "VSS hub" section. The idempotency key makes the final submit safe to repeat.
 */
export async function createDraft(db: Kysely<DB>, clock: Clock, officer: Officer): Promise<string> {
  const now = clock.now();
  // Expired drafts of this officer go when they start another: nobody can open them anyway.
  await db
    .deleteFrom('request_drafts')
    .where('owner_id', '=', officer.userId)
    .where('expires_at', '<=', now)
    .execute();
  const row = await db
    .insertInto('request_drafts')
    .values({
      owner_id: officer.userId,
      hub_id: officer.hubIds.length === 1 ? officer.hubIds[0]! : null,
      answers: '{}',
      idempotency_key: randomUUID(),
      created_at: now,
      updated_at: now,
      expires_at: expiry(clock),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The officer's own, unexpired draft, or null (another officer's draft is not found, too). */
export async function findDraft(
  db: Kysely<DB>,
  clock: Clock,
  officer: Officer,
  draftId: string,
): Promise<RequestDraft | null> {
  const row = await db
    .selectFrom('request_drafts')
    .selectAll()
    .where('id', '=', draftId)
    .where('owner_id', '=', officer.userId)
    .where('expires_at', '>', clock.now())
    .executeTakeFirst();
  return row ? toDraft(row) : null;
}

/** The officer's open drafts, most recently saved first. */
export async function listDrafts(
  db: Kysely<DB>,
  clock: Clock,
  officer: Officer,
): Promise<RequestDraft[]> {
  const rows = await db
    .selectFrom('request_drafts')
    .selectAll()
    .where('owner_id', '=', officer.userId)
    .where('expires_at', '>', clock.now())
    .orderBy('updated_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(toDraft);
}

/**
 * Saves one section's answer (already validated). Saving "About the person" clears the answer
 * to the possible-match question, which is asked again for the new details.
 * Returns false when the draft is not the officer's (or has expired).
 */
export async function saveSection<S extends SectionId>(
  { db, clock }: RequestDeps,
  {
    officer,
    draftId,
    section,
    value,
  }: { officer: Officer; draftId: string; section: S; value: NonNullable<DraftAnswers[S]> },
): Promise<boolean> {
  const draft = await findDraft(db, clock, officer, draftId);
  if (!draft) return false;
  const answers: DraftAnswers = { ...draft.answers, [section]: value };
  if (section === 'person') delete answers.match;
  const hubId =
    section === 'hub' && 'hubId' in value && officer.hubIds.includes(value.hubId)
      ? value.hubId
      : draft.hubId;
  return saveAnswers({ db, clock }, { officer, draftId, answers, hubId });
}

/** Records the officer's answer on the possible-match page. */
export async function saveMatchAnswer(
  { db, clock }: RequestDeps,
  {
    officer,
    draftId,
    linkCaseId,
  }: { officer: Officer; draftId: string; linkCaseId: string | null },
): Promise<boolean> {
  const draft = await findDraft(db, clock, officer, draftId);
  if (!draft) return false;
  return saveAnswers(
    { db, clock },
    { officer, draftId, answers: { ...draft.answers, match: { linkCaseId } }, hubId: draft.hubId },
  );
}

async function saveAnswers(
  { db, clock }: RequestDeps,
  {
    officer,
    draftId,
    answers,
    hubId,
  }: { officer: Officer; draftId: string; answers: DraftAnswers; hubId: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('request_drafts')
    .set({
      answers: JSON.stringify(answers),
      hub_id: hubId,
      updated_at: clock.now(),
      expires_at: expiry(clock),
    })
    .where('id', '=', draftId)
    .where('owner_id', '=', officer.userId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes one of the officer's drafts. */
export async function deleteDraft(
  db: Kysely<DB>,
  officer: Officer,
  draftId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('request_drafts')
    .where('id', '=', draftId)
    .where('owner_id', '=', officer.userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

function toDraft(row: {
  id: string;
  hub_id: string | null;
  answers: unknown;
  idempotency_key: string;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
}): RequestDraft {
  return {
    id: row.id,
    hubId: row.hub_id,
    answers: readAnswers(row.answers),
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
}

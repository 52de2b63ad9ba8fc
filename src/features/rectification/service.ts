import type { Kysely, Transaction } from 'kysely';
import type { CaseHeader } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  correctionReason,
  rectificationRefusal,
  type RectificationOutcome,
} from '../../domain/rectification.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { RectificationInput } from './form.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A correction request on a note and its answer, as shown beside the note. */
export interface Rectification {
  id: string;
  requestedOn: string;
  request: string;
  outcome: RectificationOutcome;
  correctedVersion: number | null;
  annotation: string | null;
  statement: string | null;
  decidedBy: string;
  decidedAt: Date;
}

const day = (value: unknown): string =>
  typeof value === 'string' ? value : (value as Date).toISOString().slice(0, 10);

/** The correction requests answered on a note, oldest first. */
export async function rectificationsOf(db: Executor, noteId: string): Promise<Rectification[]> {
  const rows = await db
    .selectFrom('note_rectifications as r')
    .innerJoin('users', 'users.id', 'r.decided_by')
    .selectAll('r')
    .select('users.name as decided_by_name')
    .where('r.note_id', '=', noteId)
    .orderBy('r.decided_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestedOn: day(r.requested_on),
    request: r.request,
    outcome: r.outcome,
    correctedVersion: r.corrected_version,
    annotation: r.annotation,
    statement: r.statement,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
  }));
}

/** The ids of a case's restricted notes: whatever releases or exports notes must leave them out. */
export async function restrictedNoteIds(db: Executor, caseId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('note_rectifications')
    .select('note_id')
    .distinct()
    .where('case_id', '=', caseId)
    .where('outcome', '=', 'annotated')
    .execute();
  return new Set(rows.map((r) => r.note_id));
}

/** A note of the case, with what the form needs; null when it is not this case's. */
export async function noteToRectify(db: Executor, caseId: string, noteId: string) {
  const row = await db
    .selectFrom('case_notes as n')
    .innerJoin('case_note_versions as v', (join) =>
      join.onRef('v.note_id', '=', 'n.id').onRef('v.version', '=', 'n.version'),
    )
    .select(['n.id', 'n.created_by', 'n.version', 'v.noted_on', 'v.kind', 'v.body'])
    .where('n.case_id', '=', caseId)
    .where('n.id', '=', noteId)
    .executeTakeFirst();
  return row ? { ...row, noted_on: day(row.noted_on) } : null;
}

/**
 * Answers a correction request on a note: by the author or the hub lead, whatever the case's
 * state (a closed case's notes can be rectified too). A correction writes a new version with
 * the reason against the version the form was opened on; an annotation restricts the note.
 */
export async function rectifyNote(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    hubLead: boolean;
    noteId: string;
    version: number;
    answer: RectificationInput;
  },
): Promise<Change<{ noteId: string }>> {
  const { header, answer } = input;
  return db.transaction().execute(async (trx) => {
    const note = await noteToRectify(trx, header.id, input.noteId);
    if (!note) return notFound;
    const refusal = rectificationRefusal({
      userId: input.userId,
      authorId: note.created_by,
      hubLead: input.hubLead,
    });
    if (refusal) return refused(refusal);
    if (note.version !== input.version) return stale;
    const now = clock.now();
    let correctedVersion: number | null = null;
    if (answer.outcome === 'corrected') {
      if (answer.body === note.body) {
        return refused('The corrected note is the same as the note. Change it, or annotate it.');
      }
      correctedVersion = note.version + 1;
      const moved = await trx
        .updateTable('case_notes')
        .set({ version: correctedVersion })
        .where('id', '=', note.id)
        .where('version', '=', note.version)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return stale;
      await trx
        .insertInto('case_note_versions')
        .values({
          note_id: note.id,
          version: correctedVersion,
          noted_on: note.noted_on,
          kind: note.kind,
          body: answer.body ?? '',
          reason: correctionReason(answer.reason ?? ''),
          written_by: input.userId,
          written_at: now,
        })
        .execute();
    }
    const row = await trx
      .insertInto('note_rectifications')
      .values({
        case_id: header.id,
        note_id: note.id,
        requested_on: answer.requestedOn,
        request: answer.request,
        outcome: answer.outcome,
        corrected_version: correctedVersion,
        annotation: answer.outcome === 'annotated' ? answer.annotation : null,
        statement: answer.statement,
        decided_by: input.userId,
        decided_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'alteration',
        subjectType: 'note_rectification',
        subjectId: row.id,
        personId: header.personId,
        detail: {
          caseId: header.id,
          noteId: note.id,
          outcome: answer.outcome,
          ...(correctedVersion ? { version: correctedVersion } : {}),
          restricted: answer.outcome === 'annotated',
          statement: answer.statement !== null,
        },
      },
    );
    return done({ noteId: note.id });
  });
}

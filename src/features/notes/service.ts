import type { Kysely, Transaction } from 'kysely';
import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { amendmentRefusal, type NoteKind } from '../../domain/notes.ts';
import { done, notFound, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { lockCaseForWork, moveCaseOn } from '../liaison/case-work.ts';
import type { NoteInput } from './form.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One version of a note, as written. */
export interface NoteVersion {
  version: number;
  notedOn: string;
  kind: NoteKind;
  body: string;
  reason: string | null;
  writtenBy: string;
  writtenAt: Date;
}

/** A note: its latest version and how many there are. */
export interface Note {
  id: string;
  createdBy: string;
  createdAt: Date;
  version: number;
  current: NoteVersion;
}

const day = (value: unknown): string =>
  typeof value === 'string' ? value : (value as Date).toISOString().slice(0, 10);

function versionsQuery(db: Executor) {
  return db
    .selectFrom('case_note_versions as v')
    .innerJoin('users as writer', 'writer.id', 'v.written_by')
    .select([
      'v.note_id',
      'v.version',
      'v.noted_on',
      'v.kind',
      'v.body',
      'v.reason',
      'v.written_at',
      'writer.name as written_by',
    ]);
}
type VersionRow = Awaited<ReturnType<ReturnType<typeof versionsQuery>['execute']>>[number];
const toVersion = (r: VersionRow): NoteVersion => ({
  version: r.version,
  notedOn: day(r.noted_on),
  kind: r.kind,
  body: r.body,
  reason: r.reason,
  writtenBy: r.written_by,
  writtenAt: r.written_at,
});

/** The notes of a case, latest version of each, newest note first. */
export async function notesOf(db: Executor, caseId: string, noteId?: string): Promise<Note[]> {
  let query = db
    .selectFrom('case_notes as n')
    .innerJoin('users as creator', 'creator.id', 'n.created_by')
    .innerJoin('case_note_versions as v', (join) =>
      join.onRef('v.note_id', '=', 'n.id').onRef('v.version', '=', 'n.version'),
    )
    .innerJoin('users as writer', 'writer.id', 'v.written_by')
    .select([
      'n.id',
      'n.created_at',
      'n.version',
      'creator.name as created_by',
      'v.noted_on',
      'v.kind',
      'v.body',
      'v.reason',
      'v.written_at',
      'writer.name as written_by',
    ])
    .where('n.case_id', '=', caseId);
  if (noteId) query = query.where('n.id', '=', noteId);
  const rows = await query.orderBy('v.noted_on', 'desc').orderBy('n.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    version: r.version,
    current: {
      version: r.version,
      notedOn: day(r.noted_on),
      kind: r.kind,
      body: r.body,
      reason: r.reason,
      writtenBy: r.written_by,
      writtenAt: r.written_at,
    },
  }));
}

const auditActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/** The notes of a case; audited. */
export async function readNotes(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  header: CaseHeader,
): Promise<Note[]> {
  return db.transaction().execute(async (trx) => {
    const notes = await notesOf(trx, header.id);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'case_notes',
      subjectId: header.id,
      personId: header.personId,
      detail: { count: notes.length },
    });
    return notes;
  });
}

/** One note with every version, newest first; audited. Null when it is not this case's. */
export async function readNote(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; noteId: string; page: 'note' | 'note_amend' },
): Promise<{ note: Note; versions: NoteVersion[] } | null> {
  return db.transaction().execute(async (trx) => {
    const [note] = await notesOf(trx, input.header.id, input.noteId);
    if (!note) return null;
    const versions = (
      await versionsQuery(trx)
        .where('v.note_id', '=', note.id)
        .orderBy('v.version', 'desc')
        .execute()
    ).map(toVersion);
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'consultation',
      subjectType: 'case_note',
      subjectId: note.id,
      personId: input.header.personId,
      detail: { page: input.page, versions: versions.length },
    });
    return { note, versions };
  });
}

export type NoteChange =
  Change<{ noteId: string }> | { kind: 'invalid'; field: string; message: string };

/** Writes a new note (version 1), against the case version the form was opened on. */
export async function writeNote(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    version: number;
    formToken: string | null;
    note: NoteInput;
  },
): Promise<NoteChange> {
  const { header, note } = input;
  const submission = {
    token: input.formToken,
    userId: input.userId,
    caseId: header.id,
    kind: 'case_note' as const,
  };
  return db.transaction().execute(async (trx) => {
    const blocked = await lockCaseForWork(trx, header.id, input.version);
    if (blocked) {
      const first = await firstSubmission(trx, submission);
      return first ? done({ noteId: first }) : blocked;
    }
    await moveCaseOn(trx, header.id, input.version);
    const now = clock.now();
    const row = await trx
      .insertInto('case_notes')
      .values({ case_id: header.id, created_by: input.userId, created_at: now, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('case_note_versions')
      .values({
        note_id: row.id,
        version: 1,
        noted_on: note.notedOn,
        kind: note.kind,
        body: note.body,
        reason: null,
        written_by: input.userId,
        written_at: now,
      })
      .execute();
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'collection',
      subjectType: 'case_note',
      subjectId: row.id,
      personId: header.personId,
      detail: { caseId: header.id, kind: note.kind, version: 1 },
    });
    await recordSubmission(trx, clock, { ...submission, recordId: row.id });
    return done({ noteId: row.id });
  });
}

/** Amends a note: a new version with a reason; the earlier versions stay as they were. */
export async function amendNote(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; userId: string; noteId: string; version: number; note: NoteInput },
): Promise<NoteChange> {
  const { header, note } = input;
  return db.transaction().execute(async (trx) => {
    const blocked = await lockCaseForWork(trx, header.id, null);
    if (blocked) return blocked;
    const [current] = await notesOf(trx, header.id, input.noteId);
    if (!current) return notFound;
    if (current.version !== input.version) return stale;
    const refusal = amendmentRefusal(current.current, note);
    if (refusal) return { kind: 'invalid', ...refusal };
    const next = input.version + 1;
    const moved = await trx
      .updateTable('case_notes')
      .set({ version: next })
      .where('id', '=', current.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return stale;
    await trx
      .insertInto('case_note_versions')
      .values({
        note_id: current.id,
        version: next,
        noted_on: note.notedOn,
        kind: note.kind,
        body: note.body,
        reason: note.reason,
        written_by: input.userId,
        written_at: clock.now(),
      })
      .execute();
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'alteration',
      subjectType: 'case_note',
      subjectId: current.id,
      personId: header.personId,
      detail: { caseId: header.id, kind: note.kind, version: next },
    });
    return done({ noteId: current.id });
  });
}

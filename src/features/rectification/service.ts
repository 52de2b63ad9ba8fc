import type { Kysely, Transaction } from 'kysely';
import type { CaseHeader } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  RECTIFIABLE_KINDS,
  rectificationRefusal,
  restrictedKey,
  type RecordKind,
  type RectificationOutcome,
  type RestrictedRecords,
} from '../../domain/rectification.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { RectificationInput } from './form.ts';
import { RECORDS, SAME_TEXT } from './records.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A correction request on a record and its answer, as shown beside the record. */
export interface Rectification {
  id: string;
  requestedOn: string;
  request: string;
  outcome: RectificationOutcome;
  correctedVersion: number | null;
  /** The text as it was before a correction made in place. */
  previousText: string | null;
  annotation: string | null;
  statement: string | null;
  decidedBy: string;
  decidedAt: Date;
}

const day = (value: unknown): string =>
  typeof value === 'string' ? value : (value as Date).toISOString().slice(0, 10);

/** The table that holds a kind's rectifications: its own compartment's. */
const tableOf = (kind: RecordKind) =>
  RECTIFIABLE_KINDS[kind].compartment === 'police'
    ? ('police_rectifications' as const)
    : ('record_rectifications' as const);

/** The correction requests answered on a record, oldest first. */
export async function rectificationsOf(
  db: Executor,
  kind: RecordKind,
  recordId: string,
): Promise<Rectification[]> {
  const rows = await db
    // Both tables have the one shape (0185): only the kinds they hold differ.
    .selectFrom(`${tableOf(kind)} as r` as 'record_rectifications as r')
    .innerJoin('users', 'users.id', 'r.decided_by')
    .select([
      'r.id',
      'r.requested_on',
      'r.request',
      'r.outcome',
      'r.corrected_version',
      'r.previous_text',
      'r.annotation',
      'r.statement',
      'r.decided_at',
      'users.name as decided_by_name',
    ])
    .where('r.record_kind', '=', kind as 'note')
    .where('r.record_id', '=', recordId)
    .orderBy('r.decided_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestedOn: day(r.requested_on),
    request: r.request,
    outcome: r.outcome,
    correctedVersion: r.corrected_version,
    previousText: r.previous_text,
    annotation: r.annotation,
    statement: r.statement,
    decidedBy: r.decided_by_name,
    decidedAt: r.decided_at,
  }));
}

/**
 * THE one answer to "is this record restricted?" for everything that releases or exports
 * records (disclosures, the FHIR export, PDFs): the case's records whose correction request was
 * answered by an annotation, as `table:id` keys (a restricted care plan with its needs and
 * actions). Reads ids only, from both compartments' tables: no content crosses.
 */
export async function restrictedRecords(db: Executor, caseId: string): Promise<RestrictedRecords> {
  const keys = new Set<string>();
  for (const table of ['record_rectifications', 'police_rectifications'] as const) {
    const rows = await db
      .selectFrom(table)
      .select(['record_kind', 'record_id'])
      .distinct()
      .where('case_id', '=', caseId)
      .where('outcome', '=', 'annotated')
      .execute();
    for (const r of rows)
      keys.add(restrictedKey(RECTIFIABLE_KINDS[r.record_kind].table, r.record_id));
  }
  const plans = [...keys].filter((k) => k.startsWith('plans:')).map((k) => k.slice(6));
  if (plans.length) {
    for (const table of ['plan_needs', 'plan_actions'] as const) {
      const parts = await db.selectFrom(table).select('id').where('plan_id', 'in', plans).execute();
      for (const p of parts) keys.add(restrictedKey(table, p.id));
    }
  }
  return keys;
}

/** A record of the case, with what the form needs; null when it is not this case's. */
export const recordToRectify = (db: Executor, kind: RecordKind, caseId: string, recordId: string) =>
  RECORDS[kind].load(db, caseId, recordId);

/** The notes' own name for it (notes' pages and tests). */
export const restrictedNoteIds = async (db: Executor, caseId: string): Promise<Set<string>> =>
  new Set(
    [...(await restrictedRecords(db, caseId))]
      .filter((k) => k.startsWith('case_notes:'))
      .map((k) => k.slice('case_notes:'.length)),
  );

/**
 * Answers a correction request on a record: by its author or the lead of its side, whatever
 * the case's state (a closed case's records can be rectified too). A correction writes a new
 * version with the reason against the version the form was opened on (the old one kept); an
 * annotation restricts the record. One transaction, audited.
 */
export async function rectifyRecord(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    kind: RecordKind;
    header: CaseHeader;
    userId: string;
    hubLead: boolean;
    policeLead: boolean;
    recordId: string;
    version: number;
    answer: RectificationInput;
  },
): Promise<Change<{ recordId: string }>> {
  const { header, answer, kind } = input;
  return db.transaction().execute(async (trx) => {
    const record = await RECORDS[kind].load(trx, header.id, input.recordId);
    if (!record) return notFound;
    const refusal = rectificationRefusal({
      kind,
      userId: input.userId,
      authorId: record.authorId,
      hubLead: input.hubLead,
      policeLead: input.policeLead,
    });
    if (refusal) return refused(refusal);
    if (record.version !== input.version) return stale;
    const now = clock.now();
    let correctedVersion: number | null = null;
    let previousText: string | null = null;
    if (answer.outcome === 'corrected') {
      const text = answer.body ?? '';
      if (RECTIFIABLE_KINDS[kind].mode === 'text' && text === record.text)
        return refused(SAME_TEXT);
      const corrected = await RECORDS[kind].correct(trx, {
        caseId: header.id,
        record,
        text,
        reason: answer.reason ?? '',
        userId: input.userId,
        now,
      });
      if (!corrected.ok) return corrected.refusal === 'stale' ? stale : refused(corrected.refusal);
      correctedVersion = corrected.version;
      previousText = corrected.previousText;
    }
    const row = await trx
      .insertInto(tableOf(kind) as 'record_rectifications')
      .values({
        case_id: header.id,
        record_kind: kind as 'note',
        record_id: record.id,
        requested_on: answer.requestedOn,
        request: answer.request,
        outcome: answer.outcome,
        corrected_version: correctedVersion,
        previous_text: previousText,
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
        subjectType: kind === 'note' ? 'note_rectification' : `${kind}_rectification`,
        subjectId: row.id,
        personId: header.personId,
        detail: {
          caseId: header.id,
          kind,
          recordId: record.id,
          ...(kind === 'note' ? { noteId: record.id } : {}),
          outcome: answer.outcome,
          ...(correctedVersion ? { version: correctedVersion } : {}),
          restricted: answer.outcome === 'annotated',
          statement: answer.statement !== null,
        },
      },
    );
    return done({ recordId: record.id });
  });
}

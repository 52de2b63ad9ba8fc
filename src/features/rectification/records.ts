import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { reviewRefusal } from '../../domain/formulation.ts';
import { correctionReason, type RecordKind } from '../../domain/rectification.ts';
import { formatDate } from '../../web/format.ts';
import { insertReviewVersion } from '../formulation/service.ts';
import { versionsOf } from '../formulation/store.ts';
import { nextPlanVersion } from '../plans/service.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A record a correction request is about, as the form and the rule need it. */
export interface RectifiableRecord {
  id: string;
  /** Who wrote it: with the lead of its side, the one who may answer (domain rule). */
  authorId: string;
  /** Its version now: the form is answered against it. */
  version: number;
  /** What it says now, for kinds corrected as text. */
  text: string | null;
  /** "Contact of 3 March 2026": what the form's page is about. */
  label: string;
  /** Where it is read. */
  href: string;
}

export type Correction =
  | { ok: true; version: number; previousText: string | null }
  /** Refused with a reason, or `stale`: the record moved on since the form was opened. */
  | { ok: false; refusal: string };

export interface CorrectInput {
  caseId: string;
  record: RectifiableRecord;
  /** The corrected text (text kinds), and why. */
  text: string;
  reason: string;
  userId: string;
  now: Date;
}

interface RecordAdapter {
  load(db: Executor, caseId: string, recordId: string): Promise<RectifiableRecord | null>;
  correct(trx: Transaction<DB>, input: CorrectInput): Promise<Correction>;
}

const day = (value: unknown): string =>
  typeof value === 'string' ? value : (value as Date).toISOString().slice(0, 10);

const SAME_TEXT = 'The correction is the same as the record. Change it, or annotate it.';

/** The corrections a police record had: corrected in place, its version counts them. */
async function policeVersion(db: Executor, kind: RecordKind, id: string): Promise<number> {
  const row = await db
    .selectFrom('police_rectifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('record_kind', '=', kind as 'police_update')
    .where('record_id', '=', id)
    .where('outcome', '=', 'corrected')
    .executeTakeFirstOrThrow();
  return Number(row.n) + 1;
}

/** A correction written in place: the old text is kept on the rectification. */
const inPlace = (record: RectifiableRecord, changed: number, version: number): Correction =>
  changed === 1
    ? { ok: true, version, previousText: record.text }
    : { ok: false, refusal: 'stale' };

const note: RecordAdapter = {
  async load(db, caseId, id) {
    const row = await db
      .selectFrom('case_notes as n')
      .innerJoin('case_note_versions as v', (join) =>
        join.onRef('v.note_id', '=', 'n.id').onRef('v.version', '=', 'n.version'),
      )
      .select(['n.id', 'n.created_by', 'n.version', 'v.noted_on', 'v.kind', 'v.body'])
      .where('n.case_id', '=', caseId)
      .where('n.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.created_by,
      version: row.version,
      text: row.body,
      label: `Note of ${formatDate(day(row.noted_on))}`,
      href: `/cases/${caseId}/notes/${row.id}`,
    };
  },
  async correct(trx, { record, text, reason, userId, now }) {
    const current = await trx
      .selectFrom('case_note_versions')
      .select(['noted_on', 'kind'])
      .where('note_id', '=', record.id)
      .where('version', '=', record.version)
      .executeTakeFirstOrThrow();
    const version = record.version + 1;
    const moved = await trx
      .updateTable('case_notes')
      .set({ version })
      .where('id', '=', record.id)
      .where('version', '=', record.version)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return { ok: false, refusal: 'stale' };
    await trx
      .insertInto('case_note_versions')
      .values({
        note_id: record.id,
        version,
        noted_on: day(current.noted_on),
        kind: current.kind,
        body: text,
        reason: correctionReason(reason),
        written_by: userId,
        written_at: now,
      })
      .execute();
    // The note's own versions keep the text as it was.
    return { ok: true, version, previousText: null };
  },
};

const contact: RecordAdapter = {
  async load(db, caseId, id) {
    const row = await db
      .selectFrom('contacts')
      .select(['id', 'recorded_by', 'outcome_by', 'version', 'summary', 'starts_at'])
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.outcome_by ?? row.recorded_by,
      version: row.version,
      text: row.summary,
      label: `Contact of ${formatDate(row.starts_at)}`,
      href: `/cases/${caseId}/contacts`,
    };
  },
  async correct(trx, { record, text }) {
    const version = record.version + 1;
    const moved = await trx
      .updateTable('contacts')
      .set({ summary: text, version })
      .where('id', '=', record.id)
      .where('version', '=', record.version)
      .executeTakeFirst();
    return inPlace(record, Number(moved.numUpdatedRows), version);
  },
};

const liaison: RecordAdapter = {
  async load(db, caseId, id) {
    const row = await db
      .selectFrom('liaison_contacts')
      .select(['id', 'recorded_by', 'version', 'summary', 'contact_date'])
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.recorded_by,
      version: row.version,
      text: row.summary,
      label: `Liaison record of ${formatDate(day(row.contact_date))}`,
      href: `/cases/${caseId}/liaison`,
    };
  },
  async correct(trx, { record, text, userId, now }) {
    const version = record.version + 1;
    const moved = await trx
      .updateTable('liaison_contacts')
      .set({ summary: text, version, updated_by: userId, updated_at: now })
      .where('id', '=', record.id)
      .where('version', '=', record.version)
      .executeTakeFirst();
    return inPlace(record, Number(moved.numUpdatedRows), version);
  },
};

const formulation: RecordAdapter = {
  async load(db, caseId, id) {
    const row = await db
      .selectFrom('formulations')
      .select(['id', 'author_id', 'version_number'])
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.author_id,
      version: row.version_number,
      text: null,
      label: `Formulation version ${row.version_number}`,
      href: `/cases/${caseId}/formulation/versions/${row.version_number}`,
    };
  },
  async correct(trx, { caseId, record, reason, userId, now }) {
    const versions = await versionsOf(trx, caseId);
    const latest = versions.at(-1);
    if (!latest || latest.id !== record.id) {
      return {
        ok: false,
        refusal: 'Only the latest formulation can be corrected: a later version already exists.',
      };
    }
    const blocked = reviewRefusal(versions);
    if (blocked) return { ok: false, refusal: blocked };
    await insertReviewVersion(trx, {
      caseId,
      latest,
      authorId: userId,
      now,
      reviewReason: correctionReason(reason),
    });
    return { ok: true, version: latest.versionNumber + 1, previousText: null };
  },
};

const plan: RecordAdapter = {
  async load(db, caseId, id) {
    const row = await db
      .selectFrom('plans')
      .select(['id', 'created_by', 'version_number'])
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.created_by,
      version: row.version_number,
      text: null,
      label: `Care plan version ${row.version_number}`,
      href: `/cases/${caseId}/plan/versions/${row.version_number}`,
    };
  },
  async correct(trx, { caseId, record, reason, userId, now }) {
    const current = await trx
      .selectFrom('plans')
      .select(['id', 'version_number', 'review_date'])
      .where('id', '=', record.id)
      .where('superseded_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!current) {
      return {
        ok: false,
        refusal: 'Only the current care plan can be corrected: a later version already exists.',
      };
    }
    await nextPlanVersion(trx, {
      caseId,
      plan: current,
      userId,
      now,
      reviewDate: day(current.review_date),
      progress: "No review of progress: a correction at the person's request.",
      changes: correctionReason(reason),
    });
    return { ok: true, version: current.version_number + 1, previousText: null };
  },
};

const policeRequest: RecordAdapter = {
  async load(db, caseId) {
    const row = await db
      .selectFrom('support_requests')
      .innerJoin('cases', 'cases.id', 'support_requests.case_id')
      .select(['cases.id', 'cases.requested_by', 'support_requests.concerns_seen'])
      .where('cases.id', '=', caseId)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.requested_by,
      version: await policeVersion(db, 'police_request', row.id),
      text: row.concerns_seen,
      label: 'The request: concerns seen',
      href: `/requests/${caseId}`,
    };
  },
  async correct(trx, { record, text }) {
    const changed = await trx
      .updateTable('support_requests')
      .set({ concerns_seen: text })
      .where('case_id', '=', record.id)
      .executeTakeFirst();
    return inPlace(record, Number(changed.numUpdatedRows), record.version + 1);
  },
};

const policeUpdate: RecordAdapter = {
  async load(db, caseId, id) {
    const row = await db
      .selectFrom('police_updates')
      .select(['id', 'author_id', 'body', 'created_at'])
      .where('case_id', '=', caseId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      authorId: row.author_id,
      version: await policeVersion(db, 'police_update', row.id),
      text: row.body,
      label: `Police update of ${formatDate(row.created_at)}`,
      href: `/requests/${caseId}`,
    };
  },
  async correct(trx, { record, text }) {
    const changed = await trx
      .updateTable('police_updates')
      .set({ body: text })
      .where('id', '=', record.id)
      .executeTakeFirst();
    return inPlace(record, Number(changed.numUpdatedRows), record.version + 1);
  },
};

/** How each kind of record is read and corrected: one entry per kind of the domain's list. */
export const RECORDS: Record<RecordKind, RecordAdapter> = {
  note,
  contact,
  liaison,
  formulation,
  plan,
  police_request: policeRequest,
  police_update: policeUpdate,
};

export { SAME_TEXT };

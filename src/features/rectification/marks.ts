import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import {
  RECTIFIABLE_KINDS,
  isWithheld,
  rectificationRefusal,
  restrictedNotice,
  type RecordKind,
} from '../../domain/rectification.ts';
import { rectifyUrl } from './presenter.ts';
import { RECORDS } from './records.ts';
import { restrictedRecords } from './service.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What a record's card shows of rectification: the way to answer, and the restriction. */
export interface RecordMark {
  rectifyHref: string | null;
  restrictedNotice: string | null;
}

/** Who looks: the domain rule needs no more. */
export interface Viewer {
  userId: string;
  hubLead: boolean;
  policeLead: boolean;
}

/** The viewer of an opened case, as the rule needs them. */
export const viewerOf = (
  userId: string | null | undefined,
  opened: { hubLead: boolean; can: { supervise: boolean } },
): Viewer => ({ userId: userId ?? '', hubLead: opened.hubLead, policeLead: opened.can.supervise });

/**
 * The marks of a list of records of one kind: "Correction request" for those who may answer
 * (the domain rule), and the notice on restricted ones (restrictedRecords). Read by the lists
 * that show the records (liaison, contacts, police updates, formulation and plan versions).
 */
export async function rectificationMarks(
  db: Executor,
  input: { kind: RecordKind; caseId: string; viewer: Viewer; ids: readonly string[] },
): Promise<Map<string, RecordMark>> {
  const { kind, caseId, viewer } = input;
  const restricted = await restrictedRecords(db, caseId);
  const marks = new Map<string, RecordMark>();
  for (const id of input.ids) {
    const record = await RECORDS[kind].load(db, caseId, id);
    if (!record) continue;
    const refusal = rectificationRefusal({ kind, authorId: record.authorId, ...viewer });
    marks.set(id, {
      rectifyHref: refusal ? null : rectifyUrl(caseId, id, kind),
      restrictedNotice: isWithheld(restricted, RECTIFIABLE_KINDS[kind].table, id)
        ? restrictedNotice(kind)
        : null,
    });
  }
  return marks;
}

/** A summary card's action to answer a correction request, when the viewer may. */
export const markActionItems = (mark: RecordMark | undefined) =>
  mark?.rectifyHref ? [{ href: mark.rectifyHref, text: 'Correction request' }] : [];

/** A summary card's row saying the record is restricted, when it is. */
export const markRows = (mark: RecordMark | undefined) =>
  mark?.restrictedNotice
    ? [{ key: { text: 'Restricted' }, value: { text: mark.restrictedNotice } }]
    : [];

/** A summary card's actions, or none (an empty list of actions is not rendered). */
export const cardActions = (items: { href: string; text: string }[]) =>
  items.length ? { items } : undefined;

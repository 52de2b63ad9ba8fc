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
  noun: string;
  /** Whether the viewer may answer a correction request (the domain rule). */
  canAnswer: boolean;
  /** The rectification page: to answer, or (restricted records) to read the annotations. */
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
    const canAnswer = rectificationRefusal({ kind, authorId: record.authorId, ...viewer }) === null;
    const isRestricted = isWithheld(restricted, RECTIFIABLE_KINDS[kind].table, id);
    marks.set(id, {
      noun: RECTIFIABLE_KINDS[kind].noun,
      canAnswer,
      rectifyHref: canAnswer || isRestricted ? rectifyUrl(caseId, id, kind) : null,
      restrictedNotice: isRestricted ? restrictedNotice(kind) : null,
    });
  }
  return marks;
}

/** A summary card's action to answer a correction request, when the viewer may. */
export const markActionItems = (mark: RecordMark | undefined) =>
  mark?.rectifyHref
    ? [
        {
          href: mark.rectifyHref,
          text: mark.canAnswer ? 'Correction request' : 'Correction requests',
          visuallyHiddenText: '',
        },
      ]
    : [];

/** A summary card's row saying the record is restricted, when it is. */
export const markRows = (mark: RecordMark | undefined) =>
  mark?.restrictedNotice
    ? [{ key: { text: 'Restricted' }, value: { text: mark.restrictedNotice } }]
    : [];

/** A summary card's actions, or none (an empty list of actions is not rendered). */
export const cardActions = <I extends { href: string; text: string }>(items: I[]) =>
  items.length ? { items } : undefined;

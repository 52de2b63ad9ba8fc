import { NOTE_KINDS, type NoteKind } from '../../domain/notes.ts';
import { isCode } from '../../domain/reference/list.ts';
import type { FormErrors } from '../../web/forms.ts';
import { orderedErrors, versionOf, type ErrorPair } from '../../web/form-issues.ts';
import { formInput } from '../../web/form-fields.ts';
import { readDay, readText } from '../../web/form-parts.ts';

/** A case note as written: the day it is about, its kind and its text. */
export interface NoteInput {
  notedOn: string;
  kind: NoteKind;
  body: string;
  /** Why it was amended: only on an amendment. */
  reason: string | null;
}

export const NOTE_FIELDS = [
  'notedOn-day',
  'notedOn-month',
  'notedOn-year',
  'kind',
  'body',
  'reason',
  'version',
] as const;
const FIELD_ORDER = ['notedOn', 'kind', 'body', 'reason'];

export type NoteForm =
  | { ok: true; version: number; note: NoteInput }
  | { ok: false; errors: FormErrors; values: Record<string, string> };

/** The note form; an amendment also asks why. */
export function readNoteForm(body: unknown, today: string, amending: boolean): NoteForm {
  const values = formInput(body, NOTE_FIELDS);
  const pairs: ErrorPair[] = [];
  const notedOn = readDay(
    values,
    'notedOn',
    { label: 'The date of the note', today, notInFuture: true },
    pairs,
  );
  const kind = values.kind;
  if (!isCode(NOTE_KINDS, kind)) pairs.push(['kind', 'Select the kind of note']);
  const text = readText(
    values,
    'body',
    { empty: 'Enter the note', max: 10000, tooLong: 'The note must be 10,000 characters or fewer' },
    pairs,
  );
  const reason = amending
    ? readText(
        values,
        'reason',
        {
          empty: 'Enter why you are amending the note',
          max: 1000,
          tooLong: 'The reason must be 1,000 characters or fewer',
        },
        pairs,
      )
    : null;
  if (pairs.length > 0 || !notedOn || !text || !isCode(NOTE_KINDS, kind) || (amending && !reason)) {
    return { ok: false, errors: orderedErrors(pairs, FIELD_ORDER), values };
  }
  return {
    ok: true,
    version: versionOf(values) ?? -1,
    note: { notedOn, kind, body: text, reason },
  };
}

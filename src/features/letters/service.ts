import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { openCaseTo, type OpenedCase } from '../../access/case-context.ts';
import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { Principal } from '../auth/principal.ts';
import { formatDate, formatTime } from '../../web/format.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { storeDocument } from '../documents/store.ts';
import type { DocumentKind } from '../documents/kinds.ts';
import { composeLetter, DOCX_MIME, letterDocx, letterPdf, type Letter } from './letter.ts';
import type { LetterTemplate } from './templates.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export interface LetterDeps {
  db: Kysely<DB>;
  clock: Clock;
  templates: LetterTemplate[];
}

/** An appointment booked with the person (contacts, health compartment), to offer on the form. */
export interface BookedAppointment {
  id: string;
  startsAt: Date;
  place: string | null;
}

/** The person's booked appointments from now on, soonest first (at most 10). */
export async function bookedAppointments(
  db: Executor,
  input: { caseId: string; from: Date },
): Promise<BookedAppointment[]> {
  const rows = await db
    .selectFrom('contacts')
    .select(['id', 'starts_at', 'place'])
    .where('case_id', '=', input.caseId)
    .where('kind', '=', 'person')
    .where('status', '=', 'planned')
    .where('starts_at', '>=', input.from)
    .orderBy('starts_at')
    .limit(10)
    .execute();
  return rows.map((r) => ({ id: r.id, startsAt: r.starts_at, place: r.place }));
}

/** Where the appointment of an appointment letter comes from: a booked one, or typed. */
export type AppointmentChoice =
  | { kind: 'booked'; contactId: string }
  | { kind: 'typed'; date: string; time: string; place: string };

/** What the form gave: the template's fields and, for an appointment letter, the appointment. */
export interface LetterRequest {
  template: LetterTemplate;
  fields: Record<string, string>;
  appointment: AppointmentChoice | null;
}

/**
 * The values a letter is filled from, read for a viewer who may work the health record: the
 * person, the request's GP practice, the author and, for an appointment letter, the booked
 * appointment (a booked one that is no longer this case's, or no longer booked, gives null).
 */
async function letterValues(
  trx: Executor,
  input: { opened: OpenedCase; author: string; now: Date; request: LetterRequest },
): Promise<Record<string, string> | null> {
  const { header } = input.opened;
  const person = await trx
    .selectFrom('people')
    .select(['given_name', 'family_name', 'date_of_birth', 'nhs_number'])
    .where('id', '=', header.personId)
    .executeTakeFirstOrThrow();
  const request = await trx
    .selectFrom('support_requests')
    .select('gp_practice')
    .where('case_id', '=', header.id)
    .executeTakeFirst();
  const values: Record<string, string> = {
    'person.name': `${person.given_name} ${person.family_name}`,
    'person.givenName': person.given_name,
    'person.dateOfBirth': formatDate(person.date_of_birth),
    'person.nhsNumber': person.nhs_number ?? 'not known',
    'case.reference': header.reference,
    'hub.name': header.hubName,
    'request.gpPractice': request?.gp_practice ?? '',
    'author.name': input.author,
    'letter.date': formatDate(input.now),
  };
  for (const [name, value] of Object.entries(input.request.fields))
    values[`fields.${name}`] = value;
  const choice = input.request.appointment;
  if (choice?.kind === 'typed') {
    values['appointment.date'] = choice.date;
    values['appointment.time'] = choice.time;
    values['appointment.place'] = choice.place;
  } else if (choice?.kind === 'booked') {
    const booked = (await bookedAppointments(trx, { caseId: header.id, from: input.now })).find(
      (a) => a.id === choice.contactId,
    );
    if (!booked) return null;
    values['appointment.date'] = formatDate(booked.startsAt);
    values['appointment.time'] = formatTime(booked.startsAt);
    values['appointment.place'] = booked.place ?? 'the place we agreed';
  }
  return values;
}

/** The defaults of a template's fields, filled from the case (e.g. the GP practice). */
export async function fieldDefaults(
  db: Executor,
  input: { opened: OpenedCase; template: LetterTemplate },
): Promise<Record<string, string>> {
  const request = await db
    .selectFrom('support_requests')
    .select('gp_practice')
    .where('case_id', '=', input.opened.header.id)
    .executeTakeFirst();
  const known: Record<string, string> = { 'request.gpPractice': request?.gp_practice ?? '' };
  return Object.fromEntries(
    input.template.fields.map((f) => [
      f.name,
      f.default.replace(/\{\{\s*([a-zA-Z.]+)\s*\}\}/g, (_, n: string) => known[n] ?? ''),
    ]),
  );
}

export type MadeLetter =
  | { kind: 'file'; filename: string; mime: string; bytes: Buffer }
  | { kind: 'saved'; documentId: string }
  | { kind: 'appointment_gone' };

const filenameOf = (letter: Letter, ext: string) =>
  `${letter.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${letter.reference}.${ext}`;

/**
 * Makes a letter for a case (PDF or DOCX to download, or the PDF saved to the case's health
 * documents), in one transaction with its audit row. The case is opened again for working the
 * health record (the letter is health content). What the letter holds is not audited, only
 * which template, which format and what became of it.
 */
export async function makeLetter(
  deps: LetterDeps,
  input: {
    actor: AuditActor;
    principal: Principal;
    caseId: string;
    request: LetterRequest;
    format: 'pdf' | 'docx' | 'save';
    /** The form's token: a second send of a "save" finds the document the first one saved. */
    formToken: string | null;
  },
): Promise<MadeLetter | null> {
  const { db, clock } = deps;
  const { actor, request, format } = input;
  return db.transaction().execute(async (trx) => {
    const saving = format === 'save';
    const opened = await openCaseTo(trx, input.principal, input.caseId, {
      capability: 'workHealth',
      forUpdate: saving,
    });
    if (!opened) return null;
    const submission = {
      token: saving ? input.formToken : null,
      userId: input.principal.userId,
      caseId: opened.header.id,
      kind: 'letter_document' as const,
    };
    const first = await firstSubmission(trx, submission);
    if (first) return { kind: 'saved', documentId: first } as const;
    const now = clock.now();
    const values = await letterValues(trx, {
      opened,
      author: input.principal.name,
      now,
      request,
    });
    if (!values) return { kind: 'appointment_gone' } as const;
    const letter = composeLetter(request.template, values);
    const bytes = format === 'docx' ? await letterDocx(letter) : await letterPdf(letter, now);
    const { header } = opened;
    let documentId: string | null = null;
    if (format === 'save') {
      documentId = await storeDocument(trx, clock, actor, {
        caseId: header.id,
        compartment: 'health',
        title: letter.title,
        kind: request.template.documentKind as DocumentKind,
        mime: 'application/pdf',
        bytes,
        source: `letter:${request.template.id}`,
      });
      await recordSubmission(trx, clock, { ...submission, recordId: documentId });
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: {
          letter: request.template.id,
          format: format === 'docx' ? 'docx' : 'pdf',
          saved: documentId,
          appointment: request.appointment?.kind ?? null,
        },
      },
    );
    if (documentId) return { kind: 'saved', documentId } as const;
    return format === 'docx'
      ? { kind: 'file', filename: filenameOf(letter, 'docx'), mime: DOCX_MIME, bytes }
      : { kind: 'file', filename: filenameOf(letter, 'pdf'), mime: 'application/pdf', bytes };
  });
}

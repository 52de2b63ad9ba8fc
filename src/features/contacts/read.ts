import type { Kysely, Transaction } from 'kysely';
import type { CaseHeader } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type {
  CancelledBy,
  ContactKind,
  ContactMethod,
  ContactStatus,
} from '../../domain/contacts.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** A contact as the hub's clinicians read it (health compartment). */
export interface Contact {
  id: string;
  kind: ContactKind;
  method: ContactMethod;
  status: ContactStatus;
  startsAt: Date;
  place: string | null;
  withWhom: string | null;
  clinicianId: string;
  clinician: string;
  durationMinutes: number | null;
  summary: string | null;
  followUp: string | null;
  cancelledBy: CancelledBy | null;
  rescheduledTo: string | null;
  recordedBy: string;
  recordedAt: Date;
  outcomeBy: string | null;
  outcomeAt: Date | null;
  version: number;
}

function contactsQuery(db: Executor) {
  return db
    .selectFrom('contacts')
    .innerJoin('users as clinician', 'clinician.id', 'contacts.clinician_id')
    .innerJoin('users as recorder', 'recorder.id', 'contacts.recorded_by')
    .leftJoin('users as outcomer', 'outcomer.id', 'contacts.outcome_by')
    .select([
      'contacts.id',
      'contacts.kind',
      'contacts.method',
      'contacts.status',
      'contacts.starts_at',
      'contacts.place',
      'contacts.with_whom',
      'contacts.clinician_id',
      'contacts.duration_minutes',
      'contacts.summary',
      'contacts.follow_up',
      'contacts.cancelled_by',
      'contacts.rescheduled_to',
      'contacts.recorded_at',
      'contacts.outcome_at',
      'contacts.version',
      'clinician.name as clinician',
      'recorder.name as recorded_by',
      'outcomer.name as outcome_by',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof contactsQuery>['execute']>>[number];

const toContact = (r: Row): Contact => ({
  id: r.id,
  kind: r.kind,
  method: r.method,
  status: r.status,
  startsAt: r.starts_at,
  place: r.place,
  withWhom: r.with_whom,
  clinicianId: r.clinician_id,
  clinician: r.clinician,
  durationMinutes: r.duration_minutes,
  summary: r.summary,
  followUp: r.follow_up,
  cancelledBy: r.cancelled_by,
  rescheduledTo: r.rescheduled_to,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  outcomeBy: r.outcome_by,
  outcomeAt: r.outcome_at,
  version: r.version,
});

/** The contacts of a case, latest first. */
export async function contactsOf(db: Executor, caseId: string): Promise<Contact[]> {
  const rows = await contactsQuery(db)
    .where('contacts.case_id', '=', caseId)
    .orderBy('contacts.starts_at', 'desc')
    .orderBy('contacts.recorded_at', 'desc')
    .execute();
  return rows.map(toContact);
}

export async function contactOf(
  db: Executor,
  caseId: string,
  contactId: string,
): Promise<Contact | null> {
  const row = await contactsQuery(db)
    .where('contacts.case_id', '=', caseId)
    .where('contacts.id', '=', contactId)
    .executeTakeFirst();
  return row ? toContact(row) : null;
}

/** The UK day of the case's last attended contact with the person (kept by 0130's trigger). */
export async function lastPersonContactOn(db: Executor, caseId: string): Promise<string | null> {
  const row = await db
    .selectFrom('cases')
    .select('last_person_contact_on')
    .where('id', '=', caseId)
    .executeTakeFirst();
  const value = row?.last_person_contact_on as unknown;
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : (value as Date).toISOString().slice(0, 10);
}

const auditActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/** The contacts of the case and its last contact with the person; audited as a consultation. */
export async function readContacts(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  header: CaseHeader,
): Promise<{ contacts: Contact[]; lastPersonContact: string | null }> {
  return db.transaction().execute(async (trx) => {
    const contacts = await contactsOf(trx, header.id);
    const lastPersonContact = await lastPersonContactOn(trx, header.id);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'contacts',
      subjectId: header.id,
      personId: header.personId,
      detail: { count: contacts.length },
    });
    return { contacts, lastPersonContact };
  });
}

/** One contact, for its outcome form; audited. Null when it is not this case's. */
export async function readContact(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; contactId: string },
): Promise<Contact | null> {
  return db.transaction().execute(async (trx) => {
    const contact = await contactOf(trx, input.header.id, input.contactId);
    if (!contact) return null;
    await recordAudit(trx, clock, auditActor(actor, input.header), {
      action: 'consultation',
      subjectType: 'contact',
      subjectId: contact.id,
      personId: input.header.personId,
      detail: { page: 'contact_outcome' },
    });
    return contact;
  });
}

import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { EngagementDecision } from '../../domain/consent.ts';
import { liaisonConsentCheck, purposeRefusal } from '../../domain/liaison.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import { done, notFound, stale, type Change } from '../../domain/result.ts';
import { requireConsentForEngagement } from '../consent/service.ts';
import { lockCaseForWork, moveCaseOn } from './case-work.ts';
import type { LiaisonInput } from './form.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A liaison contact as the hub's clinicians read it (health compartment). */
export interface LiaisonContact extends LiaisonInput {
  id: string;
  recordedBy: string;
  recordedAt: Date;
  updatedBy: string | null;
  updatedAt: Date | null;
  version: number;
}

function contactsQuery(db: Executor) {
  return db
    .selectFrom('liaison_contacts')
    .innerJoin('users as recorder', 'recorder.id', 'liaison_contacts.recorded_by')
    .leftJoin('users as updater', 'updater.id', 'liaison_contacts.updated_by')
    .select([
      'liaison_contacts.id',
      'liaison_contacts.contact_date',
      'liaison_contacts.agency_type',
      'liaison_contacts.organisation',
      'liaison_contacts.direction',
      'liaison_contacts.purpose',
      'liaison_contacts.summary',
      'liaison_contacts.on_behalf',
      'liaison_contacts.consent_covers',
      'liaison_contacts.recorded_at',
      'liaison_contacts.updated_at',
      'liaison_contacts.version',
      'recorder.name as recorded_by',
      'updater.name as updated_by',
    ]);
}

type ContactRow = Awaited<ReturnType<ReturnType<typeof contactsQuery>['execute']>>[number];

const toContact = (r: ContactRow): LiaisonContact => ({
  id: r.id,
  contactDate: r.contact_date,
  agencyType: r.agency_type,
  organisation: r.organisation,
  direction: r.direction,
  purpose: r.purpose,
  summary: r.summary,
  onBehalf: r.on_behalf,
  consentCovers: r.consent_covers,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
  version: r.version,
});

/** The liaison contacts of a case, newest contact first. */
export async function contactsOf(db: Executor, caseId: string): Promise<LiaisonContact[]> {
  const rows = await contactsQuery(db)
    .where('liaison_contacts.case_id', '=', caseId)
    .orderBy('liaison_contacts.contact_date', 'desc')
    .orderBy('liaison_contacts.recorded_at', 'desc')
    .execute();
  return rows.map(toContact);
}

export async function contactOf(
  db: Executor,
  caseId: string,
  contactId: string,
): Promise<LiaisonContact | null> {
  const row = await contactsQuery(db)
    .where('liaison_contacts.case_id', '=', caseId)
    .where('liaison_contacts.id', '=', contactId)
    .executeTakeFirst();
  return row ? toContact(row) : null;
}

const auditActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/** The contacts of the case and whether consent allows engagement now; audited. */
export async function readLiaison(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  header: CaseHeader,
): Promise<{ contacts: LiaisonContact[]; engagement: EngagementDecision }> {
  return db.transaction().execute(async (trx) => {
    const contacts = await contactsOf(trx, header.id);
    const engagement = await requireConsentForEngagement(trx, header.id);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: 'liaison_contacts',
      subjectId: header.id,
      personId: header.personId,
      detail: { count: contacts.length },
    });
    return { contacts, engagement };
  });
}

/** The form to record a contact (no contactId) or change one: with consent now; audited. */
export async function readLiaisonForm(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { header: CaseHeader; contactId: string | null },
): Promise<{ contact: LiaisonContact | null; engagement: EngagementDecision } | null> {
  const { header, contactId } = input;
  return db.transaction().execute(async (trx) => {
    const contact = contactId ? await contactOf(trx, header.id, contactId) : null;
    if (contactId && !contact) return null;
    const engagement = await requireConsentForEngagement(trx, header.id);
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'consultation',
      subjectType: contact ? 'liaison_contact' : 'case',
      subjectId: contact ? contact.id : header.id,
      personId: header.personId,
      detail: { page: contact ? 'liaison_edit' : 'liaison_new' },
    });
    return { contact, engagement };
  });
}

/** A rule of the contact refused it: shown beside its field, nothing written. */
export interface FieldRefusal {
  kind: 'invalid';
  field: string;
  message: string;
}

/** A save of a contact: a change of the case (done, stale, refused, …) or a field refused. */
export type LiaisonChange = Change<{ contactId: string }> | FieldRefusal;

/** The rules checked in the write transaction: the purpose, and consent (rules 3 and 4). */
async function rulesRefusal(
  trx: Transaction<DB>,
  caseId: string,
  input: LiaisonInput,
): Promise<FieldRefusal | null> {
  const purpose = purposeRefusal(input.purpose);
  if (purpose) return { kind: 'invalid', field: 'purpose', message: purpose };
  const check = liaisonConsentCheck({
    onBehalf: input.onBehalf,
    consentCovers: input.consentCovers,
    engagement: await requireConsentForEngagement(trx, caseId),
  });
  return check.ok ? null : { kind: 'invalid', field: check.field, message: check.message };
}

/** Records a contact with another service, against the case version the form was opened on. */
export async function recordContact(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    version: number;
    contact: LiaisonInput;
    formToken: string | null;
  },
): Promise<LiaisonChange> {
  const { header, contact } = input;
  const submission = {
    token: input.formToken,
    userId: input.userId,
    caseId: header.id,
    kind: 'liaison_contact' as const,
  };
  return db.transaction().execute(async (trx) => {
    const blocked = await lockCaseForWork(trx, header.id, input.version);
    if (blocked) {
      // The same form sent again (the case row is locked now): answer as the first send did.
      const first = await firstSubmission(trx, submission);
      return first ? done({ contactId: first }) : blocked;
    }
    const rules = await rulesRefusal(trx, header.id, contact);
    if (rules) return rules;
    await moveCaseOn(trx, header.id, input.version);
    const row = await trx
      .insertInto('liaison_contacts')
      .values({
        case_id: header.id,
        contact_date: contact.contactDate,
        agency_type: contact.agencyType,
        organisation: contact.organisation,
        direction: contact.direction,
        purpose: contact.purpose,
        summary: contact.summary,
        on_behalf: contact.onBehalf,
        consent_covers: contact.consentCovers,
        recorded_by: input.userId,
        recorded_at: clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'collection',
      subjectType: 'liaison_contact',
      subjectId: row.id,
      personId: header.personId,
      detail: {
        caseId: header.id,
        agencyType: contact.agencyType,
        purpose: contact.purpose,
        direction: contact.direction,
        onBehalf: contact.onBehalf,
        consentCovers: contact.consentCovers,
      },
    });
    await recordSubmission(trx, clock, { ...submission, recordId: row.id });
    return done({ contactId: row.id });
  });
}

/** Changes a contact, against the contact version the form was opened on. */
export async function updateContact(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    contactId: string;
    version: number;
    contact: LiaisonInput;
  },
): Promise<LiaisonChange> {
  const { header, contact } = input;
  return db.transaction().execute(async (trx) => {
    const blocked = await lockCaseForWork(trx, header.id, null);
    if (blocked) return blocked;
    const current = await contactOf(trx, header.id, input.contactId);
    if (!current) return notFound;
    if (current.version !== input.version) return stale;
    const rules = await rulesRefusal(trx, header.id, contact);
    if (rules) return rules;
    const updated = await trx
      .updateTable('liaison_contacts')
      .set({
        contact_date: contact.contactDate,
        agency_type: contact.agencyType,
        organisation: contact.organisation,
        direction: contact.direction,
        purpose: contact.purpose,
        summary: contact.summary,
        on_behalf: contact.onBehalf,
        consent_covers: contact.consentCovers,
        updated_by: input.userId,
        updated_at: clock.now(),
        version: input.version + 1,
      })
      .where('id', '=', input.contactId)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return stale;
    await recordAudit(trx, clock, auditActor(actor, header), {
      action: 'alteration',
      subjectType: 'liaison_contact',
      subjectId: input.contactId,
      personId: header.personId,
      detail: {
        caseId: header.id,
        agencyType: contact.agencyType,
        purpose: contact.purpose,
        onBehalf: contact.onBehalf,
        consentCovers: contact.consentCovers,
      },
    });
    return done({ contactId: input.contactId });
  });
}

import type { Kysely } from 'kysely';
import { firstSubmission, recordSubmission } from '../../access/form-submissions.ts';
import type { CaseHeader } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { engagementAllowedOn } from '../../domain/consent.ts';
import {
  attendedTooEarly,
  needsConsent,
  outcomeRefusal,
  type ContactKind,
  type ContactStatus,
} from '../../domain/contacts.ts';
import { longDate, ukToday } from '../../domain/dates.ts';
import { londonDate, londonTime } from '../../domain/london-day.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { lockCaseForWork, moveCaseOn } from '../liaison/case-work.ts';
import type { AppointmentInput, OutcomeInput, RecordedInput } from './form.ts';
import { contactOf, type Executor } from './read.ts';

/** A rule refused the save: shown beside its field, nothing written. */
export interface FieldRefusal {
  kind: 'invalid';
  field: string;
  message: string;
}
export type ContactChange = Change<{ contactId: string }> | FieldRefusal;

const auditActor = (actor: AuditActor, header: CaseHeader): AuditActor => ({
  ...actor,
  hubId: header.hubId,
});

/**
 * Rule 3: a contact with the person, booked or attended, needs consent given (or a
 * best-interests decision) in force on its UK day. Read in the write transaction, after the
 * case row is locked; the database trigger (0130) refuses whatever gets past.
 */
export async function consentOnDay(trx: Executor, caseId: string, day: string) {
  const history = await trx
    .selectFrom('consents')
    .select(['status', 'method', 'decided_at', 'recorded_at'])
    .where('case_id', '=', caseId)
    .execute();
  return engagementAllowedOn(
    history.map((h) => ({
      status: h.status,
      method: h.method,
      decidedAt: h.decided_at,
      recordedAt: h.recorded_at,
    })),
    day,
    { dayOf: londonDate, longDate },
  );
}

async function consentRefusal(
  trx: Executor,
  caseId: string,
  contact: { kind: ContactKind; status: ContactStatus; day: string },
  field: string,
): Promise<FieldRefusal | null> {
  if (!needsConsent(contact.kind, contact.status)) return null;
  const decision = await consentOnDay(trx, caseId, contact.day);
  return decision.allowed ? null : { kind: 'invalid', field, message: decision.message };
}

/** The trigger of 0130 refused a contact with the person: the same answer as the service's. */
const CONSENT_TRIGGER = /a contact with the person needs consent in force/;
export const isConsentTriggerError = (error: unknown): boolean =>
  error instanceof Error && CONSENT_TRIGGER.test(error.message);

async function guarded(
  work: () => Promise<ContactChange>,
  field: string,
  message: string,
): Promise<ContactChange> {
  try {
    return await work();
  } catch (error) {
    if (isConsentTriggerError(error)) return { kind: 'invalid', field, message };
    throw error;
  }
}

const TRIGGER_MESSAGE =
  'Consent was not in force on the day of this contact. Record consent first, then try again.';

/** Books an appointment (status planned), or records a contact that happened (attended). */
export async function createContact(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    version: number;
    formToken: string | null;
    contact: AppointmentInput | RecordedInput;
    status: 'planned' | 'attended';
  },
): Promise<ContactChange> {
  const { header, contact, status } = input;
  const submission = {
    token: input.formToken,
    userId: input.userId,
    caseId: header.id,
    kind: 'contact' as const,
  };
  const recorded = 'summary' in contact ? contact : null;
  const work = () =>
    db.transaction().execute(async (trx): Promise<ContactChange> => {
      const blocked = await lockCaseForWork(trx, header.id, input.version);
      if (blocked) {
        const first = await firstSubmission(trx, submission);
        return first ? done({ contactId: first }) : blocked;
      }
      const consent = await consentRefusal(
        trx,
        header.id,
        { kind: contact.kind, status, day: contact.day },
        'kind',
      );
      if (consent) return consent;
      await moveCaseOn(trx, header.id, input.version);
      const now = clock.now();
      const row = await trx
        .insertInto('contacts')
        .values({
          case_id: header.id,
          kind: contact.kind,
          method: contact.method,
          status,
          starts_at: londonTime(contact.day, contact.time),
          place: contact.place,
          with_whom: contact.withWhom,
          clinician_id: input.userId,
          duration_minutes: contact.durationMinutes,
          summary: recorded?.summary ?? null,
          follow_up: recorded?.followUp ?? null,
          recorded_by: input.userId,
          recorded_at: now,
          outcome_by: status === 'attended' ? input.userId : null,
          outcome_at: status === 'attended' ? now : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, clock, auditActor(actor, header), {
        action: 'collection',
        subjectType: 'contact',
        subjectId: row.id,
        personId: header.personId,
        detail: { caseId: header.id, kind: contact.kind, method: contact.method, status },
      });
      await recordSubmission(trx, clock, { ...submission, recordId: row.id });
      return done({ contactId: row.id });
    });
  return guarded(work, 'kind', TRIGGER_MESSAGE);
}

/**
 * Gives a booked appointment its outcome, against the version the form was opened on.
 * "Rescheduled" books the new appointment in the same transaction and links the two.
 */
export async function recordOutcome(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    header: CaseHeader;
    userId: string;
    contactId: string;
    version: number;
    outcome: OutcomeInput;
  },
): Promise<ContactChange> {
  const { header, outcome } = input;
  const work = () =>
    db.transaction().execute(async (trx): Promise<ContactChange> => {
      const blocked = await lockCaseForWork(trx, header.id, null);
      if (blocked) return blocked;
      const current = await contactOf(trx, header.id, input.contactId);
      if (!current) return notFound;
      if (current.version !== input.version) return stale;
      const closed = outcomeRefusal(current.status);
      if (closed) return refused(closed);
      const now = clock.now();
      const today = ukToday(now);
      const day = londonDate(current.startsAt);
      if (attendedTooEarly(outcome.outcome, day, today)) {
        return {
          kind: 'invalid',
          field: 'outcome',
          message: `The appointment is on ${longDate(day)}. You can record it as attended on or after that day.`,
        };
      }
      const consent = await consentRefusal(
        trx,
        header.id,
        { kind: current.kind, status: outcome.outcome, day },
        'outcome',
      );
      if (consent) return consent;
      let rescheduledTo: string | null = null;
      if (outcome.outcome === 'rescheduled') {
        const next = await consentRefusal(
          trx,
          header.id,
          { kind: current.kind, status: 'planned', day: outcome.day },
          'newDay-day',
        );
        if (next) return next;
        const row = await trx
          .insertInto('contacts')
          .values({
            case_id: header.id,
            kind: current.kind,
            method: current.method,
            status: 'planned',
            starts_at: londonTime(outcome.day, outcome.time),
            place: current.place,
            with_whom: current.withWhom,
            clinician_id: current.clinicianId,
            duration_minutes: current.durationMinutes,
            recorded_by: input.userId,
            recorded_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        rescheduledTo = row.id;
        await recordAudit(trx, clock, auditActor(actor, header), {
          action: 'collection',
          subjectType: 'contact',
          subjectId: row.id,
          personId: header.personId,
          detail: {
            caseId: header.id,
            kind: current.kind,
            status: 'planned',
            rescheduledFrom: current.id,
          },
        });
      }
      const updated = await trx
        .updateTable('contacts')
        .set({
          status: outcome.outcome,
          cancelled_by: outcome.outcome === 'cancelled' ? outcome.cancelledBy : null,
          rescheduled_to: rescheduledTo,
          summary: outcome.summary,
          follow_up: 'followUp' in outcome ? outcome.followUp : null,
          ...(outcome.outcome === 'attended' && outcome.durationMinutes !== null
            ? { duration_minutes: outcome.durationMinutes }
            : {}),
          outcome_by: input.userId,
          outcome_at: now,
          version: input.version + 1,
        })
        .where('id', '=', current.id)
        .where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return stale;
      await recordAudit(trx, clock, auditActor(actor, header), {
        action: 'alteration',
        subjectType: 'contact',
        subjectId: current.id,
        personId: header.personId,
        detail: { caseId: header.id, outcome: outcome.outcome },
      });
      return done({ contactId: rescheduledTo ?? current.id });
    });
  return guarded(work, 'outcome', TRIGGER_MESSAGE);
}

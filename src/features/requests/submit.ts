import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { findPossibleMatches } from '../people/matching.ts';
import type { Officer } from './drafts.ts';
import { nextCaseReference } from './reference.ts';
import { officerRouting } from './routing.ts';
import { isComplete, readAnswers, type DraftAnswers, type PersonAnswers } from './sections.ts';
import { notify } from '../notifications/notify.ts';

export type SubmitResult =
  | { outcome: 'created' | 'already_submitted'; caseId: string; reference: string }
  | { outcome: 'not_found' }
  | { outcome: 'incomplete' }
  /** No active hub takes this officer's request (src/domain/hubs.ts); the draft is kept. */
  | { outcome: 'unroutable'; problem: string };

/**
 * Sends a completed draft to the hub: links or creates the person, creates the case and its
 * support request, deletes the draft and writes the audit rows, all in one transaction.
 *
 * Idempotent: the idempotency key (the draft's, sent back by the check-answers form) finds the
 * case a first submit created, so a double click or a retry after a timeout leads to the same
 * case. Concurrent submits queue on the draft's row lock; the second then finds the case.
 */
export async function submitRequest(
  db: Kysely<DB>,
  clock: Clock,
  officer: Officer,
  input: { draftId: string; idempotencyKey: string; requestId: string | null },
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const earlier = await caseByKey(trx, officer, input.idempotencyKey);
    if (earlier) return { outcome: 'already_submitted', ...earlier };

    const draft = await trx
      .selectFrom('request_drafts')
      .selectAll()
      .where('id', '=', input.draftId)
      .where('owner_id', '=', officer.userId)
      .where('expires_at', '>', clock.now())
      .forUpdate()
      .executeTakeFirst();
    if (!draft || draft.idempotency_key !== input.idempotencyKey) {
      // Another submit of the same draft may have committed while we waited for the lock.
      const committed = await caseByKey(trx, officer, input.idempotencyKey);
      return committed ? { outcome: 'already_submitted', ...committed } : { outcome: 'not_found' };
    }

    const answers = readAnswers(draft.answers);
    const chosen = draft.hub_id ?? answers.hub?.hubId ?? null;
    // The hubs are read in this transaction: a hub retired meanwhile takes nothing.
    const { choices, routing, problem } = await officerRouting(trx, officer, chosen);
    if (!isComplete(answers, choices.length)) return { outcome: 'incomplete' };
    if (!routing.ok)
      return problem ? { outcome: 'unroutable', problem } : { outcome: 'incomplete' };
    const hub = await trx
      .selectFrom('hubs')
      .select(['id', 'code'])
      .where('id', '=', routing.hubId)
      .executeTakeFirstOrThrow();
    const actor: AuditActor = {
      userId: officer.userId,
      role: 'case_officer',
      hubId: hub.id,
      requestId: input.requestId,
      clientId: officer.clientId ?? null,
    };

    const now = clock.now();
    const personId = await linkOrCreatePerson({ trx, clock }, { officer, actor, answers });
    const previous = await trx
      .selectFrom('cases')
      .select('id')
      .where('person_id', '=', personId)
      .orderBy('requested_at', 'desc')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const reference = await nextCaseReference(trx, hub, now.getUTCFullYear());
    const created = await trx
      .insertInto('cases')
      .values({
        reference,
        hub_id: hub.id,
        person_id: personId,
        urgency: answers.urgency!.urgency,
        requested_by: officer.userId,
        requested_at: now,
        previous_case_id: previous?.id ?? null,
        idempotency_key: draft.idempotency_key,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('support_requests')
      .values(supportRequestRow(created.id, answers, now))
      .execute();
    await trx.deleteFrom('request_drafts').where('id', '=', draft.id).execute();
    await recordAudit(trx, clock, actor, {
      action: 'collection',
      subjectType: 'support_request',
      subjectId: created.id,
      personId,
      detail: { reference, reReferral: previous !== undefined, urgency: answers.urgency!.urgency },
    });
    await notify(trx, clock, {
      kind: answers.urgency!.urgency === 'urgent' ? 'urgent_request' : 'new_request',
      caseId: created.id,
      path: `/triage/${created.id}`,
      actorId: officer.userId,
    });
    return { outcome: 'created', caseId: created.id, reference };
  });
}

async function caseByKey(
  trx: Transaction<DB>,
  officer: Officer,
  key: string,
): Promise<{ caseId: string; reference: string } | null> {
  const row = await trx
    .selectFrom('cases')
    .select(['id', 'reference'])
    .where('idempotency_key', '=', key)
    .where('requested_by', '=', officer.userId)
    .executeTakeFirst();
  return row ? { caseId: row.id, reference: row.reference } : null;
}

/**
 * The person of the request: the one with the same NHS number, or the person of the officer's
 * earlier request they confirmed is the same person; otherwise a new person. A linked person's
 * details become what this request says (police provide their current identity).
 */
async function linkOrCreatePerson(
  { trx, clock }: { trx: Transaction<DB>; clock: Clock },
  { officer, actor, answers }: { officer: Officer; actor: AuditActor; answers: DraftAnswers },
): Promise<string> {
  const person = answers.person!;
  const matches = await findPossibleMatches(trx, person);
  let linkedId = matches.find((m) => m.basis === 'nhs_number')?.personId ?? null;
  const confirmed = answers.match?.linkCaseId;
  if (!linkedId && confirmed) {
    // Only a case of this officer whose person is still a likely match for these details.
    const earlier = await trx
      .selectFrom('cases')
      .select('person_id')
      .where('id', '=', confirmed)
      .where('requested_by', '=', officer.userId)
      .executeTakeFirst();
    if (earlier && matches.some((m) => m.personId === earlier.person_id)) {
      linkedId = earlier.person_id;
    }
  }
  if (!linkedId) {
    const created = await trx
      .insertInto('people')
      .values({ ...personRow(person), created_at: clock.now(), updated_at: clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, actor, {
      action: 'collection',
      subjectType: 'person',
      subjectId: created.id,
      personId: created.id,
    });
    return created.id;
  }
  const { nhs_number, ...details } = personRow(person);
  await trx
    .updateTable('people')
    .set((eb) => ({
      ...details,
      // A known NHS number is never replaced or removed by a later request.
      nhs_number: eb.fn.coalesce('nhs_number', eb.val(nhs_number)),
      updated_at: clock.now(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', linkedId)
    .execute();
  await recordAudit(trx, clock, actor, {
    action: 'alteration',
    subjectType: 'person',
    subjectId: linkedId,
    personId: linkedId,
    detail: { reReferral: true },
  });
  return linkedId;
}

function personRow(person: PersonAnswers) {
  return {
    given_name: person.givenName,
    family_name: person.familyName,
    other_names: person.otherNames,
    date_of_birth: person.dateOfBirth,
    nhs_number: person.nhsNumber,
    gender: person.gender,
    ethnicity: person.ethnicity,
    postcode_district: person.postcodeDistrict,
    first_language: person.firstLanguage,
    communication_needs: person.communicationNeeds,
  };
}

function supportRequestRow(caseId: string, answers: DraftAnswers, now: Date) {
  const { prevent, referral, concerns, urgency } = answers;
  return {
    case_id: caseId,
    pcmt_reference: prevent!.pcmtReference,
    prevent_stage: prevent!.preventStage,
    gateway_date: prevent!.gatewayDate,
    channel_reference: prevent!.channelReference,
    referral_sector: referral!.referralSector,
    concern_type: referral!.concernType,
    concerns_seen: concerns!.concernsSeen,
    support_reason: concerns!.supportReason,
    gp_practice: concerns!.gpPractice,
    mental_health_team: concerns!.mentalHealthTeam,
    person_aware: urgency!.personAware,
    urgency_reason: urgency!.urgencyReason,
    submitted_at: now,
  };
}

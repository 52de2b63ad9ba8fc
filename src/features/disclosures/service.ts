import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  approvalRefusal,
  needsApproval,
  type ConsentAnswer,
  type DisclosureDirection,
  type DisclosureStatus,
  type LegalBasis,
  type RecipientKind,
} from '../../domain/disclosures.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { isFreshlyConfirmed } from '../auth/step-up.ts';
import type { Principal } from '../auth/principal.ts';
import {
  caseForHealthRecord,
  caseForPoliceLead,
  caseForRequestingOfficer,
  isHubLeadOf,
  recordCaseDenied,
  type CaseChange,
  type CaseFacts,
} from '../closure/case-access.ts';
import { itemKey, releasableItems, type ReleasableGroup } from './sources/index.ts';
import { disclosureItemRow } from './sources/source.ts';

type Executor = Kysely<DB> | Transaction<DB>;

export const NOT_FRESH =
  'Confirm a new security code before you submit a disclosure without consent.';
export const ITEMS_CHANGED =
  'The record changed while you were choosing: choose the items to release again.';

/** The answers of the disclosure journey, already checked for shape by the form. */
export interface DisclosureInput {
  itemKeys: string[];
  summary: string | null;
  /** Health to police: who by name. Police to health is always the hub's clinical team. */
  recipients: {
    caseOfficer: boolean;
    policeLeadIds: string[];
    otherIds: string[];
    otherReason: string | null;
  };
  purpose: string;
  legalBasis: LegalBasis;
  necessity: string;
  consent: ConsentAnswer;
  consentNote: string;
  personTold: 'yes' | 'no';
  personToldNote: string | null;
}

export interface Person {
  id: string;
  name: string;
}

/** Who a health-to-police disclosure may name: the case's officer and the hub's police. */
export interface Candidates {
  caseOfficer: Person;
  policeLeads: Person[];
  others: Person[];
}

async function policeUsersOf(db: Executor, hubId: string, role: 'police_lead' | 'case_officer') {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .innerJoin('user_hubs', 'user_hubs.user_id', 'users.id')
    .select(['users.id', 'users.name'])
    .where('user_roles.role', '=', role)
    .where('user_hubs.hub_id', '=', hubId)
    .where('users.status', '=', 'active')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

export async function candidatesFor(db: Executor, facts: CaseFacts): Promise<Candidates> {
  const officer = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', facts.requestedBy)
    .executeTakeFirstOrThrow();
  const policeLeads = await policeUsersOf(db, facts.hubId, 'police_lead');
  const leadIds = new Set(policeLeads.map((p) => p.id));
  const others = (await policeUsersOf(db, facts.hubId, 'case_officer')).filter(
    (p) => p.id !== officer.id && !leadIds.has(p.id),
  );
  return { caseOfficer: officer, policeLeads, others };
}

/**
 * The case, if this user may record a disclosure of this direction on it: health to police,
 * an allocated clinician or the hub lead; police to health, the requesting case officer or a
 * police lead of the hub.
 */
export async function caseForDirection(
  db: Executor,
  principal: Principal,
  caseId: string,
  direction: DisclosureDirection,
  options: { forUpdate?: boolean } = {},
): Promise<CaseFacts | null> {
  // Releasing health information needs the health record open to the decider (compartments).
  if (direction === 'health_to_police') return caseForHealthRecord(db, principal, caseId, options);
  if (principal.roles.includes('case_officer')) {
    const own = await caseForRequestingOfficer(db, principal.userId, caseId, options);
    if (own) return own;
  }
  return principal.roles.includes('police_lead')
    ? caseForPoliceLead(db, principal.hubIds, caseId)
    : null;
}

export interface DisclosureForm {
  facts: CaseFacts;
  groups: ReleasableGroup[];
  candidates: Candidates | null;
}

/** What the form offers: the releasable items and, health to police, the people to name. */
export async function disclosureForm(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  caseId: string,
  direction: DisclosureDirection,
): Promise<DisclosureForm | null> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForDirection(trx, principal, caseId, direction);
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    const groups = await releasableItems(trx, facts.id, direction);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: facts.id,
        personId: facts.personId,
        detail: { page: 'disclosure_form', direction },
      },
    );
    const candidates = direction === 'health_to_police' ? await candidatesFor(trx, facts) : null;
    return { facts, groups, candidates };
  });
}

type RecipientRow = { kind: RecipientKind; user_id: string | null; reason: string | null };

/** The recipient rows for the answers, or a field error when a name is not on offer. */
function recipientRows(
  direction: DisclosureDirection,
  input: DisclosureInput,
  candidates: Candidates | null,
): RecipientRow[] | { field: string; message: string } {
  if (direction === 'police_to_health' || !candidates) {
    return [{ kind: 'hub_clinical_team', user_id: null, reason: null }];
  }
  const { recipients } = input;
  const leadIds = new Set(candidates.policeLeads.map((p) => p.id));
  const otherIds = new Set(candidates.others.map((p) => p.id));
  if (recipients.policeLeadIds.some((id) => !leadIds.has(id))) {
    return { field: 'recipients', message: 'Choose police leads from the list' };
  }
  if (recipients.otherIds.some((id) => !otherIds.has(id))) {
    return { field: 'otherIds', message: 'Choose other people from the list' };
  }
  const rows: RecipientRow[] = [
    ...(recipients.caseOfficer
      ? [{ kind: 'case_officer' as const, user_id: candidates.caseOfficer.id, reason: null }]
      : []),
    ...[...new Set(recipients.policeLeadIds)].map((id) => ({
      kind: 'police_lead' as const,
      user_id: id,
      reason: null,
    })),
    ...[...new Set(recipients.otherIds)].map((id) => ({
      kind: 'other' as const,
      user_id: id,
      reason: recipients.otherReason,
    })),
  ];
  return rows.length
    ? rows
    : { field: 'recipients', message: 'Choose who the information is released to' };
}

export type DraftResult =
  | { kind: 'done'; value: { disclosureId: string } }
  | { kind: 'invalid'; field: string; message: string }
  | Exclude<CaseChange<unknown>, { kind: 'done' }>;

/**
 * Saves the answers as a draft (a new one, or over the draft the form was opened on), freezing
 * the chosen items' text and provenance now: what the check-answers page shows is exactly what
 * would be released.
 */
export async function saveDraft(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  target: {
    caseId: string;
    direction: DisclosureDirection;
    disclosureId: string | null;
    version: number;
  },
  input: DisclosureInput,
): Promise<DraftResult> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForDirection(trx, principal, target.caseId, target.direction, {
      forUpdate: target.direction === 'health_to_police',
    });
    if (!facts) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return { kind: 'not_found' };
    }
    const groups = await releasableItems(trx, facts.id, target.direction);
    const available = new Map(groups.flatMap((g) => g.items).map((i) => [itemKey(i), i]));
    const keys = [...new Set(input.itemKeys)];
    if (keys.some((k) => !available.has(k))) {
      return { kind: 'invalid', field: 'items', message: ITEMS_CHANGED };
    }
    const candidates =
      target.direction === 'health_to_police' ? await candidatesFor(trx, facts) : null;
    const recipients = recipientRows(target.direction, input, candidates);
    if (!Array.isArray(recipients)) return { kind: 'invalid', ...recipients };
    const now = clock.now();
    const answers = {
      summary: input.summary,
      purpose: input.purpose,
      legal_basis: input.legalBasis,
      necessity: input.necessity,
      consent: input.consent,
      consent_note: input.consentNote,
      person_told: input.personTold,
      person_told_note: input.personTold === 'no' ? input.personToldNote : null,
      updated_at: now,
    };
    let disclosureId: string;
    if (target.disclosureId) {
      const updated = await trx
        .updateTable('disclosures')
        .set({ ...answers, version: target.version + 1 })
        .where('id', '=', target.disclosureId)
        .where('case_id', '=', facts.id)
        .where('direction', '=', target.direction)
        .where('status', '=', 'draft')
        .where('version', '=', target.version)
        .returning('id')
        .executeTakeFirst();
      if (!updated) return { kind: 'stale' };
      disclosureId = updated.id;
      await trx.deleteFrom('disclosure_items').where('disclosure_id', '=', disclosureId).execute();
      await trx
        .deleteFrom('disclosure_recipients')
        .where('disclosure_id', '=', disclosureId)
        .execute();
    } else {
      const created = await trx
        .insertInto('disclosures')
        .values({
          ...answers,
          case_id: facts.id,
          hub_id: facts.hubId,
          direction: target.direction,
          created_by: principal.userId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      disclosureId = created.id;
    }
    const chosen = keys.map((k) => available.get(k)!);
    if (chosen.length) {
      await trx
        .insertInto('disclosure_items')
        .values(chosen.map((item, index) => disclosureItemRow(item, index, disclosureId)))
        .execute();
    }
    await trx
      .insertInto('disclosure_recipients')
      .values(recipients.map((r) => ({ ...r, disclosure_id: disclosureId })))
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: target.disclosureId ? 'alteration' : 'collection',
        subjectType: 'disclosure',
        subjectId: disclosureId,
        personId: facts.personId,
        detail: {
          caseId: facts.id,
          direction: target.direction,
          status: 'draft',
          items: chosen.map((i) => i.source),
        },
      },
    );
    return { kind: 'done', value: { disclosureId } };
  });
}

export interface DisclosureRecord {
  id: string;
  caseId: string;
  hubId: string;
  personId: string;
  reference: string;
  personName: string;
  direction: DisclosureDirection;
  status: DisclosureStatus;
  version: number;
  summary: string | null;
  purpose: string | null;
  legalBasis: string | null;
  necessity: string | null;
  consent: ConsentAnswer | null;
  consentNote: string | null;
  personTold: 'yes' | 'no' | null;
  personToldNote: string | null;
  needsApproval: boolean | null;
  createdBy: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  deciderStepUpAt: Date | null;
  approvedByName: string | null;
  approvedAt: Date | null;
  refusedByName: string | null;
  refusedAt: Date | null;
  refusalReason: string | null;
  effectiveAt: Date | null;
  withdrawnByName: string | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  recipients: {
    kind: RecipientKind;
    userId: string | null;
    name: string | null;
    reason: string | null;
  }[];
  items: {
    position: number;
    source: string;
    sourceTable: string;
    recordId: string | null;
    recordVersion: number | null;
    label: string;
    text: string;
  }[];
}

/** One decision with its recipients and frozen items (no access check: callers do that). */
export async function loadDisclosure(
  db: Executor,
  disclosureId: string,
): Promise<DisclosureRecord | null> {
  const row = await db
    .selectFrom('disclosures as d')
    .innerJoin('cases', 'cases.id', 'd.case_id')
    .innerJoin('people', 'people.id', 'cases.person_id')
    .leftJoin('users as decider', 'decider.id', 'd.decided_by')
    .leftJoin('users as approver', 'approver.id', 'd.approved_by')
    .leftJoin('users as refuser', 'refuser.id', 'd.refused_by')
    .leftJoin('users as withdrawer', 'withdrawer.id', 'd.withdrawn_by')
    .selectAll('d')
    .select([
      'cases.reference',
      'cases.person_id',
      'people.given_name',
      'people.family_name',
      'decider.name as decider_name',
      'approver.name as approver_name',
      'refuser.name as refuser_name',
      'withdrawer.name as withdrawer_name',
    ])
    .where('d.id', '=', disclosureId)
    .executeTakeFirst();
  if (!row) return null;
  const recipients = await db
    .selectFrom('disclosure_recipients as r')
    .leftJoin('users', 'users.id', 'r.user_id')
    .select(['r.kind', 'r.user_id', 'r.reason', 'users.name'])
    .where('r.disclosure_id', '=', disclosureId)
    .orderBy('r.kind')
    .orderBy('users.name')
    .execute();
  const items = await db
    .selectFrom('disclosure_items')
    .selectAll()
    .where('disclosure_id', '=', disclosureId)
    .orderBy('position')
    .execute();
  return {
    id: row.id,
    caseId: row.case_id,
    hubId: row.hub_id,
    personId: row.person_id,
    reference: row.reference,
    personName: `${row.given_name} ${row.family_name}`,
    direction: row.direction,
    status: row.status,
    version: row.version,
    summary: row.summary,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    necessity: row.necessity,
    consent: row.consent,
    consentNote: row.consent_note,
    personTold: row.person_told,
    personToldNote: row.person_told_note,
    needsApproval: row.needs_approval,
    createdBy: row.created_by,
    decidedBy: row.decided_by,
    decidedByName: row.decider_name,
    decidedAt: row.decided_at,
    deciderStepUpAt: row.decider_step_up_at,
    approvedByName: row.approver_name,
    approvedAt: row.approved_at,
    refusedByName: row.refuser_name,
    refusedAt: row.refused_at,
    refusalReason: row.refusal_reason,
    effectiveAt: row.effective_at,
    withdrawnByName: row.withdrawer_name,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: row.withdrawal_reason,
    recipients: recipients.map((r) => ({
      kind: r.kind,
      userId: r.user_id,
      name: r.name,
      reason: r.reason,
    })),
    items: items.map((i) => ({
      position: i.position,
      source: i.source,
      sourceTable: i.source_table,
      recordId: i.source_record_id,
      recordVersion: i.source_record_version,
      label: i.label,
      text: i.body,
    })),
  };
}

/** A decision of a case this user may record disclosures on; audited as a read. */
export async function readDisclosure(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  target: { caseId: string; direction: DisclosureDirection; disclosureId: string },
): Promise<{ facts: CaseFacts; record: DisclosureRecord } | null> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForDirection(trx, principal, target.caseId, target.direction);
    const record = facts && (await loadDisclosure(trx, target.disclosureId));
    if (!facts || !record || record.caseId !== facts.id || record.direction !== target.direction) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return null;
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'consultation',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: facts.personId,
        detail: { caseId: facts.id },
      },
    );
    return { facts, record };
  });
}

/** The recipients' user ids, for the disclosure audit row (DPA 2018 s.62: with recipients). */
const recipientIds = (record: DisclosureRecord): string[] =>
  record.recipients.map((r) => r.userId ?? `${r.kind}:${record.hubId}`);

/**
 * Writes the frozen copy of exactly what was released into the shared compartment, with the
 * audit row naming its recipients. Called in the transaction that makes the decision take
 * effect.
 */
async function release(
  trx: Transaction<DB>,
  clock: Clock,
  actor: AuditActor,
  record: DisclosureRecord,
  now: Date,
  version: number,
  people: { decidedBy: string; approvedBy: string | null },
): Promise<void> {
  const copies = [
    ...(record.summary
      ? [
          {
            source: 'summary',
            source_table: 'disclosures',
            source_record_id: record.id,
            source_record_version: version,
            label: 'Summary written for this disclosure',
            body: record.summary,
          },
        ]
      : []),
    ...record.items.map((i) => ({
      source: i.source,
      source_table: i.sourceTable,
      source_record_id: i.recordId,
      source_record_version: i.recordVersion,
      label: i.label,
      body: i.text,
    })),
  ];
  await trx
    .insertInto('released_items')
    .values(
      copies.map((c, index) => ({
        ...c,
        disclosure_id: record.id,
        case_id: record.caseId,
        position: index + 1,
        direction: record.direction,
        legal_basis: record.legalBasis!,
        decided_by: people.decidedBy,
        approved_by: people.approvedBy,
        released_at: now,
      })),
    )
    .execute();
  await recordAudit(
    trx,
    clock,
    { ...actor, hubId: record.hubId },
    {
      action: 'disclosure',
      subjectType: 'disclosure',
      subjectId: record.id,
      personId: record.personId,
      detail: {
        caseId: record.caseId,
        direction: record.direction,
        recipients: recipientIds(record),
        legalBasis: record.legalBasis,
        consent: record.consent,
        items: copies.map((c) => c.source),
      },
    },
  );
}

export type SubmitResult = CaseChange<{ status: DisclosureStatus }> | { kind: 'step_up' };

/**
 * The decider submits the draft. With consent, or from police to health, it takes effect at
 * once; health to police without consent waits for the hub lead and needs the decider's fresh
 * second factor now (`stepUpAt` is when they last confirmed one in this session).
 */
export async function submitDisclosure(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  target: { caseId: string; direction: DisclosureDirection; disclosureId: string; version: number },
  stepUpAt: Date | null,
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForDirection(trx, principal, target.caseId, target.direction, {
      forUpdate: target.direction === 'health_to_police',
    });
    const record = facts && (await loadDisclosure(trx, target.disclosureId));
    if (!facts || !record || record.caseId !== facts.id || record.direction !== target.direction) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return { kind: 'not_found' };
    }
    if (record.status !== 'draft' || record.version !== target.version) return { kind: 'stale' };
    if (!record.consent || !record.legalBasis) {
      return { kind: 'refused', reason: 'Answer every question before you submit.' };
    }
    if (record.items.length === 0 && !record.summary) {
      return { kind: 'refused', reason: 'Choose what to release before you submit.' };
    }
    const approval = needsApproval(record.direction, record.consent);
    const now = clock.now();
    if (approval && !isFreshlyConfirmed(stepUpAt, now)) return { kind: 'step_up' };
    const status: DisclosureStatus = approval ? 'awaiting_approval' : 'in_effect';
    const updated = await trx
      .updateTable('disclosures')
      .set({
        status,
        needs_approval: approval,
        decided_by: principal.userId,
        decided_at: now,
        decider_step_up_at: approval ? stepUpAt : null,
        effective_at: approval ? null : now,
        updated_at: now,
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('status', '=', 'draft')
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: 'stale' };
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'alteration',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: facts.personId,
        detail: { caseId: facts.id, status, needsApproval: approval },
      },
    );
    if (!approval) {
      await release(trx, clock, actor, record, now, record.version + 1, {
        decidedBy: principal.userId,
        approvedBy: null,
      });
    }
    return { kind: 'done', value: { status } };
  });
}

export interface ApprovalQueueItem {
  disclosureId: string;
  caseId: string;
  reference: string;
  decidedByName: string;
  decidedAt: Date;
  ownDecision: boolean;
}

/** Decisions waiting for the hub lead in their hubs, oldest first; audited. */
export async function approvalQueue(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
): Promise<ApprovalQueueItem[]> {
  if (!principal.roles.includes('hub_lead') || principal.hubIds.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('disclosures')
      .innerJoin('cases', 'cases.id', 'disclosures.case_id')
      .innerJoin('users', 'users.id', 'disclosures.decided_by')
      .select([
        'disclosures.id',
        'disclosures.case_id',
        'cases.reference',
        'users.name',
        'disclosures.decided_by',
        'disclosures.decided_at',
      ])
      .where('disclosures.status', '=', 'awaiting_approval')
      .where('disclosures.hub_id', 'in', principal.hubIds)
      .orderBy('disclosures.decided_at')
      .limit(200)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'disclosure_approvals',
      detail: { disclosureIds: rows.map((r) => r.id) },
    });
    return rows.map((r) => ({
      disclosureId: r.id,
      caseId: r.case_id,
      reference: r.reference,
      decidedByName: r.name,
      decidedAt: r.decided_at!,
      ownDecision: r.decided_by === principal.userId,
    }));
  });
}

/** A decision for the hub lead of its hub to approve or refuse; audited. */
export async function readForApproval(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  disclosureId: string,
): Promise<DisclosureRecord | null> {
  return db.transaction().execute(async (trx) => {
    const record = await loadDisclosure(trx, disclosureId);
    if (!record || !isHubLeadOf(principal, record.hubId) || record.status === 'draft') {
      await recordAudit(trx, clock, actor, {
        action: 'denial',
        subjectType: 'disclosure',
        subjectId: disclosureId,
        outcome: 'denied',
      });
      return null;
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: record.hubId },
      {
        action: 'consultation',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: record.personId,
        detail: { caseId: record.caseId, page: 'approval' },
      },
    );
    return record;
  });
}

export type ApprovalDecision =
  { kind: 'approve'; version: number } | { kind: 'refuse'; version: number; reason: string };

/**
 * The hub lead (as Caldicott delegate) approves or refuses a decision waiting for them, with a
 * fresh second factor. Never their own decision. Approval makes it take effect.
 */
export async function decideApproval(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  disclosureId: string,
  decision: ApprovalDecision,
  stepUpAt: Date | null,
): Promise<SubmitResult> {
  return db.transaction().execute(async (trx) => {
    const record = await loadDisclosure(trx, disclosureId);
    if (!record || !isHubLeadOf(principal, record.hubId) || record.status === 'draft') {
      await recordAudit(trx, clock, actor, {
        action: 'denial',
        subjectType: 'disclosure',
        subjectId: disclosureId,
        outcome: 'denied',
      });
      return { kind: 'not_found' };
    }
    const own = approvalRefusal(record.decidedBy!, principal.userId);
    if (own) return { kind: 'refused', reason: own };
    if (record.status !== 'awaiting_approval' || record.version !== decision.version) {
      return { kind: 'stale' };
    }
    const now = clock.now();
    if (!isFreshlyConfirmed(stepUpAt, now)) return { kind: 'step_up' };
    const approve = decision.kind === 'approve';
    const status: DisclosureStatus = approve ? 'in_effect' : 'refused';
    const updated = await trx
      .updateTable('disclosures')
      .set({
        status,
        ...(approve
          ? {
              approved_by: principal.userId,
              approved_at: now,
              approver_step_up_at: stepUpAt,
              effective_at: now,
            }
          : { refused_by: principal.userId, refused_at: now, refusal_reason: decision.reason }),
        updated_at: now,
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('status', '=', 'awaiting_approval')
      .where('version', '=', decision.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: 'stale' };
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: record.hubId },
      {
        action: 'alteration',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: record.personId,
        reason: approve ? null : decision.reason,
        detail: { caseId: record.caseId, decision: decision.kind, status },
      },
    );
    if (approve) {
      await release(trx, clock, actor, record, now, record.version + 1, {
        decidedBy: record.decidedBy!,
        approvedBy: principal.userId,
      });
    }
    return { kind: 'done', value: { status } };
  });
}

/**
 * Withdraws a decision in effect, with a reason: the copies stay (they are the record of what
 * was released) but recipients then see only that it was withdrawn, and when.
 */
export async function withdrawDisclosure(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
  target: { caseId: string; direction: DisclosureDirection; disclosureId: string; version: number },
  reason: string,
): Promise<CaseChange<null>> {
  return db.transaction().execute(async (trx) => {
    const facts = await caseForDirection(trx, principal, target.caseId, target.direction);
    const record = facts && (await loadDisclosure(trx, target.disclosureId));
    if (!facts || !record || record.caseId !== facts.id || record.direction !== target.direction) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return { kind: 'not_found' };
    }
    if (record.status !== 'in_effect' || record.version !== target.version) {
      return { kind: 'stale' };
    }
    const now = clock.now();
    const updated = await trx
      .updateTable('disclosures')
      .set({
        status: 'withdrawn',
        withdrawn_by: principal.userId,
        withdrawn_at: now,
        withdrawal_reason: reason,
        updated_at: now,
        version: record.version + 1,
      })
      .where('id', '=', record.id)
      .where('status', '=', 'in_effect')
      .where('version', '=', target.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { kind: 'stale' };
    // The copies keep their text as the record of what was released; recipients stop seeing it.
    await trx
      .updateTable('released_items')
      .set({ withdrawn_at: now })
      .where('disclosure_id', '=', record.id)
      .where('withdrawn_at', 'is', null)
      .execute();
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: facts.hubId },
      {
        action: 'alteration',
        subjectType: 'disclosure',
        subjectId: record.id,
        personId: facts.personId,
        reason,
        detail: { caseId: facts.id, status: 'withdrawn', recipients: recipientIds(record) },
      },
    );
    return { kind: 'done', value: null };
  });
}

/** The decisions of a case, newest first, for the case page (health side). */
export async function disclosuresOfCase(db: Executor, caseId: string) {
  return db
    .selectFrom('disclosures')
    .leftJoin('users', 'users.id', 'disclosures.decided_by')
    .select([
      'disclosures.id',
      'disclosures.direction',
      'disclosures.status',
      'disclosures.legal_basis',
      'disclosures.consent',
      'disclosures.created_at',
      'disclosures.decided_at',
      'users.name as decided_by_name',
    ])
    .where('disclosures.case_id', '=', caseId)
    .orderBy('disclosures.created_at', 'desc')
    .orderBy('disclosures.id')
    .execute();
}

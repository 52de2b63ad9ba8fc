import type { Kysely, Transaction } from 'kysely';
import { openCaseTo, type OpenedCase } from '../../access/case-context.ts';
import type { DB } from '../../db/schema.ts';
import type { Capability } from '../../domain/case-access.ts';
import type { Clock } from '../../domain/clock.ts';
import type {
  ConsentAnswer,
  DisclosureDirection,
  DisclosureStatus,
  RecipientKind,
} from '../../domain/disclosures.ts';
import type { AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { externalRecipientOf, type ExternalRecipient } from './external.ts';

export type Executor = Kysely<DB> | Transaction<DB>;

/** What the disclosure services are built from (app.ts). */
export interface DisclosureDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** Who is acting: the audit actor and the signed-in user the access core opens cases for. */
export interface Acting {
  actor: AuditActor;
  principal: Principal;
}

/** A decision of one case, in one direction, as the journey's pages name it. */
export interface DisclosureTarget {
  caseId: string;
  direction: DisclosureDirection;
  disclosureId: string;
}

/**
 * The capability that records a disclosure of this direction (domain/case-access.ts): health
 * to police or outside Cicero, the allocated clinicians and the hub lead (the health record is theirs to work);
 * police to health, the requesting case officer or a police lead of the case's hub.
 */
export const capabilityFor = (direction: DisclosureDirection): Capability =>
  direction === 'police_to_health' ? 'shareWithHealth' : 'decideDisclosure';

/** The case, opened by the access core, if this user may record disclosures of the direction. */
export function openForDirection(
  db: Executor,
  principal: Principal,
  target: { caseId: string; direction: DisclosureDirection },
  options: { forUpdate?: boolean } = {},
): Promise<OpenedCase | null> {
  return openCaseTo(db, principal, target.caseId, {
    capability: capabilityFor(target.direction),
    ...options,
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
  /** Health to a service outside Cicero: who, how it is sent, and its letter once released. */
  external: ExternalRecipient | null;
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
    external: row.direction === 'health_to_external' ? await externalRecipientOf(db, row.id) : null,
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

/**
 * The case and one of its decisions of this direction, if the user may record disclosures of
 * that direction on it; null (not found) for anything else, however it fails.
 */
export async function openDecision(
  db: Executor,
  principal: Principal,
  target: DisclosureTarget,
  options: { forUpdate?: boolean } = {},
): Promise<{ opened: OpenedCase; record: DisclosureRecord } | null> {
  const opened = await openForDirection(db, principal, target, options);
  const record = opened && (await loadDisclosure(db, target.disclosureId));
  if (!opened || !record) return null;
  if (record.caseId !== opened.header.id || record.direction !== target.direction) return null;
  return { opened, record };
}

/** The recipients' user ids, for the disclosure audit row (DPA 2018 s.62: with recipients). */
export const recipientIds = (record: DisclosureRecord): string[] =>
  record.recipients.map((r) => r.userId ?? `${r.kind}:${record.hubId}`);

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

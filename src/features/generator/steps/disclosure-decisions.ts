import {
  needsApproval,
  type ConsentAnswer,
  type DisclosureDirection,
  type LegalBasis,
  type RecipientKind,
} from '../../../domain/disclosures.ts';
import { auditRow } from '../../audit/record.ts';
import { STEP_UP_MINUTES } from '../../auth/step-up.ts';
import { disclosureItemRow, type ReleasableItem } from '../../disclosures/sources/source.ts';
import { audit, days, occurs, rowsOfCase, type CaseContext, type Row } from '../story.ts';
import { disclosureText } from '../vocabulary-casework.ts';

/**
 * Disclosure decisions as src/features/disclosures/service.ts records them, one service call
 * at a time with the audit rows it writes: the form read, the draft saved (items frozen with
 * their provenance), the check-answers page read, the decision submitted; with consent (or
 * from police to health) in effect at once, otherwise after a hub lead who is not the decider
 * approves or refuses it, both having confirmed a fresh second factor (the `sign-in` step-up
 * row /confirm-code writes) within STEP_UP_MINUTES. Taking effect copies every item into
 * released_items and writes the `disclosure` audit row naming the recipients. Now and then a
 * decision in effect is withdrawn. Disclosures do not move the case on (no step).
 *
 * The shares are our assumption (docs/synthetic-data.md): there is no published figure.
 */

/** Of decisions waiting for approval, the share the hub lead approves. */
const APPROVED_SHARE = 0.8;
/** Of decisions in effect, the share later withdrawn. */
const WITHDRAWN_SHARE = 0.05;

const MINUTE = 60_000;

export interface Actor {
  userId: string;
  role: string;
}

export interface Decision {
  row: Row<'disclosures'>;
  direction: DisclosureDirection;
  recipients: Row<'disclosure_recipients'>[];
  items: ReleasableItem[];
}

/**
 * The actor confirms a fresh security code, as /confirm-code records it: a `sign-in` row
 * (event step-up), outside any hub. Returns when, a little before the sensitive action at `at`.
 */
function stepUp(context: CaseContext, actor: Actor, at: number): Date {
  const confirmedAt = at - context.random.int(20, (STEP_UP_MINUTES - 1) * 60) * 1000;
  context.rows.add(
    'audit_events',
    auditRow(
      new Date(confirmedAt),
      { ...actor, hubId: null, requestId: context.requestId },
      {
        action: 'sign-in',
        subjectType: 'user',
        subjectId: actor.userId,
        detail: { event: 'step-up' },
      },
    ),
  );
  return new Date(confirmedAt);
}

/** The recipients' user ids as the audit rows name them (recipientIds in the service). */
const recipientIds = (context: CaseContext, decision: Decision) =>
  decision.recipients.map((r) => r.user_id ?? `${r.kind}:${context.staff.hubId}`);

/**
 * The decision takes effect: the frozen copies (the summary first, then the items) into
 * released_items, and the `disclosure` audit row naming the recipients.
 */
function release(context: CaseContext, actor: Actor, decision: Decision): void {
  const { row } = decision;
  const copies = [
    ...(row.summary
      ? [
          {
            source: 'summary',
            source_table: 'disclosures',
            source_record_id: row.id!,
            source_record_version: row.version!,
            label: 'Summary written for this disclosure',
            body: row.summary,
          },
        ]
      : []),
    ...decision.items.map((i) => ({
      source: i.source,
      source_table: i.sourceTable,
      source_record_id: i.recordId,
      source_record_version: i.recordVersion,
      label: i.label,
      body: i.text,
    })),
  ];
  copies.forEach((copy, index) =>
    context.rows.add('released_items', {
      id: context.random.uuid(),
      ...copy,
      disclosure_id: row.id!,
      case_id: context.kase.id,
      position: index + 1,
      direction: decision.direction,
      legal_basis: row.legal_basis!,
      decided_by: row.decided_by!,
      approved_by: row.approved_by ?? null,
      released_at: new Date(context.at),
      withdrawn_at: null,
    }),
  );
  audit(context, actor, {
    action: 'disclosure',
    subjectType: 'disclosure',
    subjectId: row.id!,
    personId: context.kase.personId,
    detail: {
      caseId: context.kase.id,
      direction: decision.direction,
      recipients: recipientIds(context, decision),
      legalBasis: row.legal_basis!,
      consent: row.consent!,
      items: copies.map((c) => c.source),
    },
  });
}

/** Moves the story on a few minutes (working time); false when that is past the end. */
const minutesLater = (context: CaseContext, from: number, to: number) =>
  occurs(context, context.at + context.random.int(from, to) * MINUTE);

/**
 * The decider's journey: the form, the draft, check answers, submit (with a step-up first
 * when it needs approval). Returns the decision, or null when the story ends before it is
 * submitted (the draft stays, as a real one would).
 */
export function decide(
  context: CaseContext,
  decider: Actor,
  answers: {
    direction: DisclosureDirection;
    items: ReleasableItem[];
    summary: string | null;
    recipients: { kind: RecipientKind; userId: string | null; reason: string | null }[];
    legalBasis: LegalBasis;
    consent: ConsentAnswer;
  },
): Decision | null {
  const { random, kase } = context;
  const direction = answers.direction;
  const person = { personId: kase.personId };
  // The form: the releasable items and the people to name, read.
  audit(context, decider, {
    action: 'consultation',
    subjectType: 'case',
    subjectId: kase.id,
    ...person,
    detail: { page: 'disclosure_form', direction },
  });
  if (!minutesLater(context, 3, 20)) return null;
  const personTold = answers.consent === 'given' || random.chance(0.4) ? 'yes' : 'no';
  const at = new Date(context.at);
  const row = context.rows.add('disclosures', {
    id: random.uuid(),
    case_id: kase.id,
    hub_id: context.staff.hubId,
    direction,
    status: 'draft',
    summary: answers.summary,
    purpose: disclosureText.purpose(random, direction),
    legal_basis: answers.legalBasis,
    necessity: disclosureText.necessity(random),
    consent: answers.consent,
    consent_note: disclosureText.consentNote(random, answers.consent),
    person_told: personTold,
    person_told_note: personTold === 'no' ? disclosureText.personToldNote(random) : null,
    needs_approval: null,
    created_by: decider.userId,
    created_at: at,
    updated_at: at,
    decided_by: null,
    decided_at: null,
    decider_step_up_at: null,
    approved_by: null,
    approved_at: null,
    approver_step_up_at: null,
    refused_by: null,
    refused_at: null,
    refusal_reason: null,
    effective_at: null,
    withdrawn_by: null,
    withdrawn_at: null,
    withdrawal_reason: null,
    version: 1,
  });
  const recipients = answers.recipients.map((r) =>
    context.rows.add('disclosure_recipients', {
      id: random.uuid(),
      disclosure_id: row.id!,
      kind: r.kind,
      user_id: r.userId,
      reason: r.reason,
    }),
  );
  answers.items.forEach((item, index) =>
    context.rows.add('disclosure_items', {
      id: random.uuid(),
      ...disclosureItemRow(item, index, row.id!),
    }),
  );
  const decision: Decision = { row, direction, recipients, items: answers.items };
  audit(context, decider, {
    action: 'collection',
    subjectType: 'disclosure',
    subjectId: row.id!,
    ...person,
    detail: {
      caseId: kase.id,
      direction,
      status: 'draft',
      items: answers.items.map((i) => i.source),
    },
  });
  // Check answers: the frozen items and every answer, read before submitting.
  if (!minutesLater(context, 1, 3)) return null;
  audit(context, decider, {
    action: 'consultation',
    subjectType: 'disclosure',
    subjectId: row.id!,
    ...person,
    detail: { caseId: kase.id },
  });
  // Submitting without consent sends the decider to confirm a code first (then back here).
  if (!minutesLater(context, 5, 15)) return null;
  const approval = needsApproval(direction, answers.consent);
  const stepUpAt = approval ? stepUp(context, decider, context.at) : null;
  Object.assign(row, {
    status: approval ? 'awaiting_approval' : 'in_effect',
    needs_approval: approval,
    decided_by: decider.userId,
    decided_at: new Date(context.at),
    decider_step_up_at: stepUpAt,
    effective_at: approval ? null : new Date(context.at),
    updated_at: new Date(context.at),
    version: 2,
  });
  audit(context, decider, {
    action: 'alteration',
    subjectType: 'disclosure',
    subjectId: row.id!,
    ...person,
    detail: { caseId: kase.id, status: row.status!, needsApproval: approval },
  });
  if (!approval) release(context, decider, decision);
  return decision;
}

/**
 * A hub lead of the hub who did not decide reads the decision on the approval page, confirms
 * a code, and approves it (which makes it take effect) or refuses it with a reason.
 */
export function approveOrRefuse(context: CaseContext, decision: Decision): void {
  const { random, kase, staff } = context;
  const { row } = decision;
  const leads = staff.hubLeads.filter((l) => l !== row.decided_by);
  if (leads.length === 0) return;
  // Hub leads look at the approvals list a few times a week.
  if (!occurs(context, context.at + random.logNormal(days(2), 1.5))) return;
  const approver = { userId: random.pick(leads), role: 'hub_lead' };
  audit(context, approver, {
    action: 'consultation',
    subjectType: 'disclosure',
    subjectId: row.id!,
    personId: kase.personId,
    detail: { caseId: kase.id, page: 'approval' },
  });
  if (!minutesLater(context, 2, 10)) return;
  const stepUpAt = stepUp(context, approver, context.at);
  const approve = random.chance(APPROVED_SHARE);
  const at = new Date(context.at);
  Object.assign(
    row,
    approve
      ? {
          status: 'in_effect',
          approved_by: approver.userId,
          approved_at: at,
          approver_step_up_at: stepUpAt,
          effective_at: at,
        }
      : {
          status: 'refused',
          refused_by: approver.userId,
          refused_at: at,
          refusal_reason: disclosureText.refusalReason(random),
        },
    { updated_at: at, version: 3 },
  );
  audit(context, approver, {
    action: 'alteration',
    subjectType: 'disclosure',
    subjectId: row.id!,
    personId: kase.personId,
    reason: approve ? null : row.refusal_reason!,
    detail: {
      caseId: kase.id,
      decision: approve ? 'approve' : 'refuse',
      status: row.status!,
    },
  });
  if (approve) release(context, approver, decision);
}

/**
 * Now and then a decision in effect is withdrawn weeks later, with a reason, by someone who
 * may record disclosures of its direction: the copies are stamped, their text kept.
 */
export function maybeWithdraw(context: CaseContext, decision: Decision, by: Actor): void {
  const { random, kase } = context;
  const { row } = decision;
  if (row.status !== 'in_effect' || !random.chance(WITHDRAWN_SHARE)) return;
  if (!occurs(context, context.at + random.logNormal(days(10), 1.5))) return;
  const at = new Date(context.at);
  Object.assign(row, {
    status: 'withdrawn',
    withdrawn_by: by.userId,
    withdrawn_at: at,
    withdrawal_reason: disclosureText.withdrawalReason(random),
    updated_at: at,
    version: (row.version ?? 1) + 1,
  });
  for (const copy of rowsOfCase(context, 'released_items')) {
    if (copy.disclosure_id === row.id && !copy.withdrawn_at) copy.withdrawn_at = at;
  }
  audit(context, by, {
    action: 'alteration',
    subjectType: 'disclosure',
    subjectId: row.id!,
    personId: kase.personId,
    reason: row.withdrawal_reason!,
    detail: {
      caseId: kase.id,
      status: 'withdrawn',
      recipients: recipientIds(context, decision),
    },
  });
}

import type { CaseHeader } from '../../access/case-context.ts';
import { recordCaseDenied } from '../../access/case-step.ts';
import type {
  ConsentAnswer,
  DisclosureDirection,
  LegalBasis,
  RecipientKind,
} from '../../domain/disclosures.ts';
import type { Change } from '../../domain/result.ts';
import { recordAudit } from '../audit/record.ts';
import { openForDirection, type Acting, type DisclosureDeps, type Executor } from './records.ts';
import { saveExternalRecipient, type ExternalRecipientInput } from './external.ts';
import { itemKey, releasableItems, type ReleasableGroup } from './sources/index.ts';
import { disclosureItemRow } from './sources/source.ts';

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
  /** Health to a service outside Cicero: who it goes to and how (null otherwise). */
  external?: ExternalRecipientInput | null;
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

/** Active users holding this police role in the hub (a role held there, not anywhere). */
async function policeUsersOf(db: Executor, hubId: string, role: 'police_lead' | 'case_officer') {
  return db
    .selectFrom('users')
    .innerJoin('role_assignments', 'role_assignments.user_id', 'users.id')
    .select(['users.id', 'users.name'])
    .where('role_assignments.role', '=', role)
    .where('role_assignments.hub_id', '=', hubId)
    .where('users.status', '=', 'active')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
}

export async function candidatesFor(
  db: Executor,
  header: Pick<CaseHeader, 'hubId' | 'requestedBy'>,
): Promise<Candidates> {
  const officer = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', '=', header.requestedBy)
    .executeTakeFirstOrThrow();
  const policeLeads = await policeUsersOf(db, header.hubId, 'police_lead');
  const leadIds = new Set(policeLeads.map((p) => p.id));
  const others = (await policeUsersOf(db, header.hubId, 'case_officer')).filter(
    (p) => p.id !== officer.id && !leadIds.has(p.id),
  );
  return { caseOfficer: officer, policeLeads, others };
}

export interface DisclosureForm {
  header: CaseHeader;
  groups: ReleasableGroup[];
  candidates: Candidates | null;
}

/** What the form offers: the releasable items and, health to police, the people to name. */
export async function disclosureForm(
  { db, clock }: DisclosureDeps,
  request: Acting & { caseId: string; direction: DisclosureDirection },
): Promise<DisclosureForm | null> {
  const { actor, principal, caseId, direction } = request;
  return db.transaction().execute(async (trx) => {
    const opened = await openForDirection(trx, principal, { caseId, direction });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, caseId);
      return null;
    }
    const { header } = opened;
    const groups = await releasableItems(trx, header.id, direction);
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: 'consultation',
        subjectType: 'case',
        subjectId: header.id,
        personId: header.personId,
        detail: { page: 'disclosure_form', direction },
      },
    );
    const candidates = direction === 'health_to_police' ? await candidatesFor(trx, header) : null;
    return { header, groups, candidates };
  });
}

type RecipientRow = { kind: RecipientKind; user_id: string | null; reason: string | null };

/** The recipient rows for the answers, or a field error when a name is not on offer. */
function recipientRows(
  direction: DisclosureDirection,
  input: DisclosureInput,
  candidates: Candidates | null,
): RecipientRow[] | { field: string; message: string } {
  // Outside Cicero names no user: the recipient is in disclosure_external_recipients.
  if (direction === 'health_to_external') return [];
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
  Change<{ disclosureId: string }> | { kind: 'invalid'; field: string; message: string };

export interface DraftRequest extends Acting {
  target: {
    caseId: string;
    direction: DisclosureDirection;
    disclosureId: string | null;
    version: number;
  };
  input: DisclosureInput;
}

/**
 * Saves the answers as a draft (a new one, or over the draft the form was opened on), freezing
 * the chosen items' text and provenance now: what the check-answers page shows is exactly what
 * would be released.
 */
export async function saveDraft(
  { db, clock }: DisclosureDeps,
  { actor, principal, target, input }: DraftRequest,
): Promise<DraftResult> {
  return db.transaction().execute(async (trx) => {
    const opened = await openForDirection(trx, principal, target, {
      forUpdate: target.direction !== 'police_to_health',
    });
    if (!opened) {
      await recordCaseDenied(trx, clock, actor, target.caseId);
      return { kind: 'not_found' };
    }
    const { header } = opened;
    const groups = await releasableItems(trx, header.id, target.direction);
    const available = new Map(groups.flatMap((g) => g.items).map((i) => [itemKey(i), i]));
    const keys = [...new Set(input.itemKeys)];
    if (keys.some((k) => !available.has(k))) {
      return { kind: 'invalid', field: 'items', message: ITEMS_CHANGED };
    }
    const candidates =
      target.direction === 'health_to_police' ? await candidatesFor(trx, header) : null;
    const recipients = recipientRows(target.direction, input, candidates);
    if (!Array.isArray(recipients)) return { kind: 'invalid', ...recipients };
    if (target.direction === 'health_to_external' && !input.external) {
      return { kind: 'invalid', field: 'organisation', message: 'Enter the organisation' };
    }
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
        .where('case_id', '=', header.id)
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
          case_id: header.id,
          hub_id: header.hubId,
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
    if (recipients.length) {
      await trx
        .insertInto('disclosure_recipients')
        .values(recipients.map((r) => ({ ...r, disclosure_id: disclosureId })))
        .execute();
    }
    if (target.direction === 'health_to_external' && input.external) {
      await saveExternalRecipient(trx, disclosureId, input.external);
    }
    await recordAudit(
      trx,
      clock,
      { ...actor, hubId: header.hubId },
      {
        action: target.disclosureId ? 'alteration' : 'collection',
        subjectType: 'disclosure',
        subjectId: disclosureId,
        personId: header.personId,
        detail: {
          caseId: header.id,
          direction: target.direction,
          status: 'draft',
          items: chosen.map((i) => i.source),
        },
      },
    );
    return { kind: 'done', value: { disclosureId } };
  });
}

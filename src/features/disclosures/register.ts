import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDayEnd, londonDayStart } from '../../domain/london-day.ts';
import { dateParts, datePartsOf, readDateInput, type DateParts } from '../../domain/dates.ts';
import {
  CONSENT_ANSWERS,
  DISCLOSURE_DIRECTIONS,
  DISCLOSURE_STATUSES,
  LEGAL_BASES,
  RECIPIENT_KINDS,
  labelFrom,
  legalBasisLabel,
  type DisclosureDirection,
  type DisclosureStatus,
} from '../../domain/disclosures.ts';
import { can, hubsGranting } from '../../domain/permissions.ts';
import { isUuid } from '../../web/ids.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import { neutraliseCell } from '../audit/csv.ts';
import type { Principal } from '../auth/principal.ts';
import { externalRecipientsOf, externalRecipientText, type ExternalRecipient } from './external.ts';

export const REGISTER_PAGE_SIZE = 25;
/** A download holds at most this many decisions; narrow the filter for more. */
export const REGISTER_EXPORT_LIMIT = 10_000;

export interface RegisterFilter {
  hubId: string | null;
  /** 'YYYY-MM-DD': days in London, from the start of `from` to the end of `to`. */
  from: string | null;
  to: string | null;
  direction: DisclosureDirection | null;
  basis: string | null;
  consent: 'with' | 'without' | null;
  page: number;
  /** The date boxes as typed, shown again; and their errors (GOV.UK wording, box at fault). */
  entered?: { from: DateParts; to: DateParts };
  errors?: [field: string, message: string][];
  /** One decision only (the register's page of a decision). */
  disclosureId?: string;
}

/**
 * A GOV.UK date input of the filter (`from-day`, …): all boxes empty is no date (an older link's
 * `from=YYYY-MM-DD` is still read); otherwise a real date, or an error on the box at fault.
 */
function filterDate(
  q: Record<string, unknown>,
  name: 'from' | 'to',
  errors: [string, string][],
): { date: string | null; entered: DateParts } {
  const entered = datePartsOf(q, name);
  if (!entered.day.trim() && !entered.month.trim() && !entered.year.trim()) {
    const legacy = typeof q[name] === 'string' ? q[name] : '';
    return { date: validDate(legacy) ? legacy : null, entered: dateParts(legacy) };
  }
  const read = readDateInput(entered, { label: name === 'from' ? 'The date from' : 'The date to' });
  if (read.ok) return { date: read.value, entered };
  errors.push([`${name}-${read.part}`, read.message]);
  return { date: null, entered };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (not 2026-02-31, which Date would roll over into March). */
const validDate = (v: string) => {
  if (!DATE.test(v)) return false;
  const day = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === v;
};

/**
 * The filter from the query string: anything not recognised is ignored, never an error, except
 * a date typed in the date boxes that is not a real date (an error to show beside the boxes).
 */
export function readRegisterFilter(query: unknown): RegisterFilter {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const s = (key: string) => (typeof q[key] === 'string' ? q[key] : '');
  const page = Number(s('page'));
  const errors: [string, string][] = [];
  const from = filterDate(q, 'from', errors);
  const to = filterDate(q, 'to', errors);
  if (from.date && to.date && from.date > to.date) {
    errors.push(['to-day', 'The date to must be the same as or after the date from']);
  }
  return {
    hubId: isUuid(s('hub')) ? s('hub') : null,
    from: from.date,
    to: to.date,
    entered: { from: from.entered, to: to.entered },
    errors,
    direction: DISCLOSURE_DIRECTIONS.some((d) => d.code === s('direction'))
      ? (s('direction') as DisclosureDirection)
      : null,
    basis: LEGAL_BASES.some((b) => b.code === s('basis')) ? s('basis') : null,
    consent:
      s('consent') === 'with' || s('consent') === 'without'
        ? (s('consent') as 'with' | 'without')
        : null,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

/** The register's query string as a route schema: any query reads as a filter, never a 400. */
export const registerQuery = z.looseObject({}).transform(readRegisterFilter);

export interface RegisterRow {
  id: string;
  caseId: string;
  reference: string;
  hubName: string;
  direction: DisclosureDirection;
  status: DisclosureStatus;
  decidedAt: Date;
  decidedBy: string;
  approvedBy: string | null;
  approvedAt: Date | null;
  refusedBy: string | null;
  refusedAt: Date | null;
  refusalReason: string | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  purpose: string;
  legalBasis: string;
  necessity: string;
  consent: string;
  consentNote: string;
  personTold: 'yes' | 'no';
  personToldNote: string | null;
  recipients: { kind: string; name: string | null; reason: string | null }[];
  items: string[];
}

/**
 * The hubs the viewer's register covers: every hub for a national role that reads it (the IG
 * officer); for a hub lead, the hubs they lead (a role held there, not in another hub).
 */
export function registerHubs(principal: Principal): 'all' | string[] {
  const national = principal.assignments.filter((a) => a.hubId === null).map((a) => a.role);
  if (can(national, 'disclosure_register.read')) return 'all';
  return hubsGranting(principal.assignments, 'disclosure_register.read');
}

/** One read of the register: who reads it, with which filter. */
export interface RegisterRead {
  actor: AuditActor;
  principal: Principal;
  filter: RegisterFilter;
}

function baseQuery(db: Kysely<DB>, { principal, filter }: Omit<RegisterRead, 'actor'>) {
  const hubs = registerHubs(principal);
  let query = db
    .selectFrom('disclosures as d')
    .innerJoin('cases', 'cases.id', 'd.case_id')
    .innerJoin('hubs', 'hubs.id', 'd.hub_id')
    .innerJoin('users as decider', 'decider.id', 'd.decided_by')
    .where('d.status', '<>', 'draft');
  if (hubs !== 'all') {
    query = hubs.length ? query.where('d.hub_id', 'in', hubs) : query.where((eb) => eb.lit(false));
  }
  if (filter.hubId) query = query.where('d.hub_id', '=', filter.hubId);
  if (filter.disclosureId) query = query.where('d.id', '=', filter.disclosureId);
  // Days as people in the UK read them: in summer a decision at 00:30 BST is 23:30 UTC the
  // day before, and belongs to the later day.
  if (filter.from) query = query.where('d.decided_at', '>=', londonDayStart(filter.from));
  if (filter.to) query = query.where('d.decided_at', '<', londonDayEnd(filter.to));
  if (filter.direction) query = query.where('d.direction', '=', filter.direction);
  if (filter.basis) query = query.where('d.legal_basis', '=', filter.basis);
  if (filter.consent === 'with') query = query.where('d.consent', '=', 'given');
  if (filter.consent === 'without') query = query.where('d.consent', '<>', 'given');
  return query;
}

export async function rowsOf(
  db: Kysely<DB>,
  read: Omit<RegisterRead, 'actor'>,
  page: { limit: number; offset: number },
): Promise<RegisterRow[]> {
  const rows = await baseQuery(db, read)
    .leftJoin('users as approver', 'approver.id', 'd.approved_by')
    .leftJoin('users as refuser', 'refuser.id', 'd.refused_by')
    .leftJoin('users as withdrawer', 'withdrawer.id', 'd.withdrawn_by')
    .selectAll('d')
    .select([
      'cases.reference',
      'hubs.name as hub_name',
      'decider.name as decider_name',
      'approver.name as approver_name',
      'refuser.name as refuser_name',
      'withdrawer.name as withdrawer_name',
    ])
    .orderBy('d.decided_at', 'desc')
    .orderBy('d.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const ids = rows.map((r) => r.id);
  const recipients = ids.length
    ? await db
        .selectFrom('disclosure_recipients as r')
        .leftJoin('users', 'users.id', 'r.user_id')
        .select(['r.disclosure_id', 'r.kind', 'r.reason', 'users.name'])
        .where('r.disclosure_id', 'in', ids)
        .orderBy('r.kind')
        .orderBy('users.name')
        .execute()
    : [];
  const items = ids.length
    ? await db
        .selectFrom('disclosure_items')
        .select(['disclosure_id', 'label'])
        .where('disclosure_id', 'in', ids)
        .orderBy('position')
        .execute()
    : [];
  const external = await externalRecipientsOf(db, ids);
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    reference: r.reference,
    hubName: r.hub_name,
    direction: r.direction,
    status: r.status,
    decidedAt: r.decided_at!,
    decidedBy: r.decider_name,
    approvedBy: r.approver_name,
    approvedAt: r.approved_at,
    refusedBy: r.refuser_name,
    refusedAt: r.refused_at,
    refusalReason: r.refusal_reason,
    withdrawnBy: r.withdrawer_name,
    withdrawnAt: r.withdrawn_at,
    withdrawalReason: r.withdrawal_reason,
    purpose: r.purpose!,
    legalBasis: r.legal_basis!,
    necessity: r.necessity!,
    consent: r.consent!,
    consentNote: r.consent_note!,
    personTold: r.person_told!,
    personToldNote: r.person_told_note,
    recipients: recipients
      .filter((x) => x.disclosure_id === r.id)
      .map((x): Recipient => ({ kind: x.kind, name: x.name, reason: x.reason }))
      .concat(externalRow(external.get(r.id))),
    items: [
      ...(r.summary ? ['Summary written for this disclosure'] : []),
      ...items.filter((x) => x.disclosure_id === r.id).map((x) => x.label),
    ],
  }));
}

/** One page of the register, newest decision first; audited as a read of the register. */
export async function readRegister(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  { actor, principal, filter }: RegisterRead,
): Promise<{ rows: RegisterRow[]; total: number; hubs: { id: string; name: string }[] }> {
  return db.transaction().execute(async (trx) => {
    const scope = registerHubs(principal);
    let hubsQuery = trx.selectFrom('hubs').select(['id', 'name']).orderBy('name');
    if (scope !== 'all') {
      hubsQuery = scope.length
        ? hubsQuery.where('id', 'in', scope)
        : hubsQuery.where((eb) => eb.lit(false));
    }
    // A date that is not a real date: the form again with its error, and nothing read.
    if (filter.errors?.length) return { rows: [], total: 0, hubs: await hubsQuery.execute() };
    const { total } = await baseQuery(trx, { principal, filter })
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await rowsOf(
      trx,
      { principal, filter },
      { limit: REGISTER_PAGE_SIZE, offset: (filter.page - 1) * REGISTER_PAGE_SIZE },
    );
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'disclosure_register',
      detail: { page: filter.page, disclosureIds: rows.map((r) => r.id) },
    });
    return { rows, total: Number(total), hubs: await hubsQuery.execute() };
  });
}

/** Every decision matching the filter (up to the export limit), for the CSV; audited. */
export async function exportRegister(
  { db, clock }: { db: Kysely<DB>; clock: Clock },
  { actor, principal, filter, reason }: RegisterRead & { reason: string },
): Promise<RegisterRow[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await rowsOf(
      trx,
      { principal, filter },
      { limit: REGISTER_EXPORT_LIMIT, offset: 0 },
    );
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'disclosure_register',
      reason,
      detail: {
        export: 'csv',
        identifiableExport: 'register_csv',
        count: rows.length,
        hub: filter.hubId,
        from: filter.from,
        to: filter.to,
        direction: filter.direction,
        basis: filter.basis,
        consent: filter.consent,
      },
    });
    return rows;
  });
}

type Recipient = RegisterRow['recipients'][number];
const externalRow = (e: ExternalRecipient | undefined): Recipient[] =>
  e ? [{ kind: 'external', name: externalRecipientText(e), reason: null }] : [];

const iso = (d: Date | null) => (d ? d.toISOString() : '');

export const recipientText = (r: { kind: string; name: string | null; reason: string | null }) =>
  r.kind === 'external'
    ? (r.name ?? '')
    : `${r.name ?? labelFrom(RECIPIENT_KINDS, r.kind)} (${labelFrom(RECIPIENT_KINDS, r.kind)}${r.reason ? `: ${r.reason}` : ''})`;

/** The register as CSV, one line per decision; every cell neutralised against formulas. */
export function registerCsv(rows: RegisterRow[]): string {
  const header = [
    'disclosure_id',
    'case_reference',
    'hub',
    'direction',
    'status',
    'decided_at_utc',
    'decided_by',
    'approved_by',
    'approved_at_utc',
    'refused_by',
    'refused_at_utc',
    'refusal_reason',
    'withdrawn_by',
    'withdrawn_at_utc',
    'withdrawal_reason',
    'recipients',
    'purpose',
    'legal_basis',
    'necessity_and_proportionality',
    'consent',
    'consent_note',
    'person_told',
    'person_told_note',
    'items_released',
  ];
  const lines = rows.map((r) =>
    [
      r.id,
      r.reference,
      r.hubName,
      labelFrom(DISCLOSURE_DIRECTIONS, r.direction),
      labelFrom(DISCLOSURE_STATUSES, r.status),
      iso(r.decidedAt),
      r.decidedBy,
      r.approvedBy ?? '',
      iso(r.approvedAt),
      r.refusedBy ?? '',
      iso(r.refusedAt),
      r.refusalReason ?? '',
      r.withdrawnBy ?? '',
      iso(r.withdrawnAt),
      r.withdrawalReason ?? '',
      r.recipients.map(recipientText).join('; '),
      r.purpose,
      legalBasisLabel(r.legalBasis),
      r.necessity,
      labelFrom(CONSENT_ANSWERS, r.consent),
      r.consentNote,
      r.personTold === 'yes' ? 'Yes' : 'No',
      r.personToldNote ?? '',
      r.items.join('; '),
    ].map(neutraliseCell),
  );
  return stringify([header, ...lines]);
}

export const registerCsvFilename = (now: Date): string =>
  `cicero-disclosure-register-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv`;

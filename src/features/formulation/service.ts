import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  returnRefusal,
  reviewRefusal,
  signOffRefusal,
  submitProblems,
  type FactorRating,
  type FiveP,
  type FormulationContent,
  type ReportingFields,
  type Scenario,
  type SubmitProblem,
} from '../../domain/formulation.ts';
import { can } from '../../domain/permissions.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import type { CaseHeader, OpenedCase } from '../../access/case-context.ts';
import { requireConsentForEngagement } from '../consent/service.ts';
import {
  contentColumns,
  contentOf,
  inProgressForUpdate,
  replaceRatings,
  replaceScenarios,
  reportingColumns,
  versionsOf,
  type FormulationVersion,
} from './store.ts';
import type { InstrumentTemplate, InstrumentTemplates } from './templates.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What a change to a formulation can come to; routes turn each into a page. */
export type FormulationOutcome<T> =
  | { kind: 'done'; value: T }
  | { kind: 'stale'; current: FormulationVersion | null }
  | { kind: 'refused'; reason: string }
  | { kind: 'incomplete'; problems: SubmitProblem[] };

export const NO_VERSION_IN_PROGRESS = 'There is no version of the formulation in progress.';
export const NOT_A_DRAFT =
  'This version has been submitted for sign-off, so it cannot be changed. A senior clinician or the hub lead can return it to draft.';

/** Whether the viewer may write formulations on this case at all (not only read them). */
export const mayWrite = (opened: OpenedCase): boolean =>
  opened.relation.allocatedClinician || opened.hubLead;

/**
 * Why a formulation cannot be written on this case now, or null: the case must be open to
 * recorded work (case-state `record_work`) and the person's consent must allow engagement.
 */
export async function writeRefusal(db: Executor, caseId: string): Promise<string | null> {
  const row = await db
    .selectFrom('cases')
    .select('status')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  const step = transition(row.status, 'record_work');
  if (!step.ok) return step.reason;
  const consent = await requireConsentForEngagement(db, caseId);
  return consent.allowed ? null : consent.message;
}

/** Locks the case (so closure or consent cannot change under the write) and checks it. */
async function lockAndCheck(trx: Transaction<DB>, caseId: string): Promise<string | null> {
  await trx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
  return writeRefusal(trx, caseId);
}

const audited = (actor: AuditActor, header: CaseHeader) => ({ ...actor, hubId: header.hubId });

export interface FormulationRead {
  versions: FormulationVersion[];
  /** The version shown: the one asked for, else the latest. */
  shown: FormulationVersion | null;
  content: FormulationContent | null;
  /** For a review: the signed-off version it started from, and what that said. */
  previous: { version: FormulationVersion; content: FormulationContent } | null;
  /** Why the viewer cannot write now (null when they can). */
  blocked: string | null;
}

/** A formulation page's data, read with its consultation audit row. */
export async function readFormulation(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  opened: OpenedCase,
  options: { page: string; versionNumber?: number },
): Promise<FormulationRead | null> {
  const { header } = opened;
  return db.transaction().execute(async (trx) => {
    const versions = await versionsOf(trx, header.id);
    const shown =
      options.versionNumber === undefined
        ? (versions.at(-1) ?? null)
        : (versions.find((v) => v.versionNumber === options.versionNumber) ?? null);
    if (options.versionNumber !== undefined && !shown) return null;
    const content = shown ? await contentOf(trx, shown.id) : null;
    const previousVersion = shown?.previousId
      ? (versions.find((v) => v.id === shown.previousId) ?? null)
      : null;
    const previous = previousVersion
      ? { version: previousVersion, content: await contentOf(trx, previousVersion.id) }
      : null;
    const blocked = mayWrite(opened)
      ? await writeRefusal(trx, header.id)
      : 'Only the clinicians allocated to this case and the hub lead can write its formulation.';
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'consultation',
      subjectType: shown ? 'formulation' : 'case',
      subjectId: shown?.id ?? header.id,
      personId: header.personId,
      detail: { page: options.page, caseId: header.id },
    });
    return { versions, shown, content, previous, blocked };
  });
}

/** Starts the first version of the case's formulation with the chosen template. */
export async function startFormulation(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; userId: string; template: InstrumentTemplate },
): Promise<FormulationOutcome<{ formulationId: string }>> {
  const { header } = input.opened;
  return db.transaction().execute(async (trx) => {
    const refusal = await lockAndCheck(trx, header.id);
    if (refusal) return { kind: 'refused', reason: refusal };
    const existing = await versionsOf(trx, header.id);
    // Someone started it after this page was opened: show what is there now.
    if (existing.length) return { kind: 'stale', current: existing.at(-1)! };
    const now = clock.now();
    const created = await trx
      .insertInto('formulations')
      .values({
        case_id: header.id,
        version_number: 1,
        template_id: input.template.id,
        template_version: input.template.version,
        author_id: input.userId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'collection',
      subjectType: 'formulation',
      subjectId: created.id,
      personId: header.personId,
      detail: { caseId: header.id, versionNumber: 1, templateId: input.template.id },
    });
    return { kind: 'done', value: { formulationId: created.id } };
  });
}

/** One page's worth of a draft. */
export type DraftEdit =
  | { section: 'domain'; domainCode: string; factorCodes: string[]; ratings: FactorRating[] }
  | { section: 'five_ps'; fivePs: Record<FiveP, string | null> }
  | { section: 'scenarios'; scenarios: Scenario[] }
  | { section: 'summary'; reporting: ReportingFields }
  | { section: 'review_reason'; reviewReason: string };

/**
 * Saves one page of the draft against the version the form was opened on: a stale form, a
 * version no longer in draft, a closed case or consent withdrawn changes nothing.
 */
export async function saveDraft(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; version: number; edit: DraftEdit },
): Promise<FormulationOutcome<null>> {
  const { header } = input.opened;
  const { edit } = input;
  return db.transaction().execute(async (trx) => {
    const refusal = await lockAndCheck(trx, header.id);
    if (refusal) return { kind: 'refused', reason: refusal };
    const current = await inProgressForUpdate(trx, header.id);
    if (!current) return { kind: 'stale', current: null };
    if (current.version !== input.version) return { kind: 'stale', current };
    if (current.status !== 'draft') return { kind: 'refused', reason: NOT_A_DRAFT };
    if (edit.section === 'review_reason' && !current.previousId) {
      return { kind: 'refused', reason: 'Only a review says what changed and why.' };
    }
    if (edit.section === 'domain') {
      await replaceRatings(trx, current.id, edit.factorCodes, edit.ratings);
    } else if (edit.section === 'scenarios') {
      await replaceScenarios(trx, current.id, edit.scenarios);
    }
    const columns =
      edit.section === 'five_ps'
        ? { ...edit.fivePs }
        : edit.section === 'summary'
          ? reportingColumns(edit.reporting)
          : edit.section === 'review_reason'
            ? { review_reason: edit.reviewReason }
            : {};
    await trx
      .updateTable('formulations')
      .set({ ...columns, updated_at: clock.now(), version: current.version + 1 })
      .where('id', '=', current.id)
      .execute();
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'alteration',
      subjectType: 'formulation',
      subjectId: current.id,
      personId: header.personId,
      detail: {
        caseId: header.id,
        section: edit.section,
        ...(edit.section === 'domain' ? { domain: edit.domainCode } : {}),
      },
    });
    return { kind: 'done', value: null };
  });
}

/** Submits the draft for sign-off, when nothing is missing. */
export async function submitFormulation(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; userId: string; version: number; templates: InstrumentTemplates },
): Promise<FormulationOutcome<null>> {
  const { header } = input.opened;
  return db.transaction().execute(async (trx) => {
    const refusal = await lockAndCheck(trx, header.id);
    if (refusal) return { kind: 'refused', reason: refusal };
    const current = await inProgressForUpdate(trx, header.id);
    if (!current || current.version !== input.version) {
      return { kind: 'stale', current: current ?? null };
    }
    if (current.status !== 'draft') return { kind: 'refused', reason: NOT_A_DRAFT };
    const template = input.templates.byId(current.templateId);
    if (!template) return { kind: 'refused', reason: templateMissing(current.templateId) };
    const problems = submitProblems({
      content: await contentOf(trx, current.id),
      template,
      isReview: current.previousId !== null,
      reviewReason: current.reviewReason,
    });
    if (problems.length) return { kind: 'incomplete', problems };
    const now = clock.now();
    await trx
      .updateTable('formulations')
      .set({
        status: 'submitted',
        submitted_by: input.userId,
        submitted_at: now,
        updated_at: now,
        version: current.version + 1,
      })
      .where('id', '=', current.id)
      .execute();
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'alteration',
      subjectType: 'formulation',
      subjectId: current.id,
      personId: header.personId,
      detail: { caseId: header.id, status: 'submitted', versionNumber: current.versionNumber },
    });
    return { kind: 'done', value: null };
  });
}

export const templateMissing = (id: string) =>
  `The instrument template "${id}" is no longer installed, so this version cannot be changed. Ask the service desk to restore it.`;

/**
 * A senior clinician or the hub lead signs off the submitted version (never their own: the
 * domain rule refuses it and the table's CHECK backs it), or returns it to draft with a reason.
 */
export async function decideFormulation(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: {
    opened: OpenedCase;
    principal: Principal;
    version: number;
    decision: { kind: 'sign_off' } | { kind: 'return'; reason: string };
  },
): Promise<FormulationOutcome<null>> {
  const { header } = input.opened;
  const { decision, principal } = input;
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('cases').select('id').where('id', '=', header.id).forUpdate().execute();
    const current = await inProgressForUpdate(trx, header.id);
    if (!current || current.version !== input.version) {
      return { kind: 'stale', current: current ?? null };
    }
    const refusal =
      decision.kind === 'sign_off'
        ? signOffRefusal({
            status: current.status,
            authorId: current.authorId,
            userId: principal.userId,
          })
        : returnRefusal(current.status);
    if (refusal) return { kind: 'refused', reason: refusal };
    const now = clock.now();
    await trx
      .updateTable('formulations')
      .set(
        decision.kind === 'sign_off'
          ? {
              status: 'signed_off',
              signed_off_by: principal.userId,
              signed_off_at: now,
              updated_at: now,
              version: current.version + 1,
            }
          : {
              status: 'draft',
              returned_by: principal.userId,
              returned_at: now,
              return_reason: decision.reason,
              updated_at: now,
              version: current.version + 1,
            },
      )
      .where('id', '=', current.id)
      .execute();
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'alteration',
      subjectType: 'formulation',
      subjectId: current.id,
      personId: header.personId,
      detail: {
        caseId: header.id,
        status: decision.kind === 'sign_off' ? 'signed_off' : 'draft',
        decision: decision.kind,
        versionNumber: current.versionNumber,
      },
    });
    return { kind: 'done', value: null };
  });
}

/**
 * Starts a review: a new draft version copying the last signed-off one (ratings, 5 Ps,
 * scenarios, summary fields), which stays frozen as it was.
 */
export async function startReview(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  input: { opened: OpenedCase; userId: string; latestVersionNumber: number },
): Promise<FormulationOutcome<{ formulationId: string }>> {
  const { header } = input.opened;
  return db.transaction().execute(async (trx) => {
    const refusal = await lockAndCheck(trx, header.id);
    if (refusal) return { kind: 'refused', reason: refusal };
    const versions = await versionsOf(trx, header.id);
    const latest = versions.at(-1) ?? null;
    if (!latest || latest.versionNumber !== input.latestVersionNumber) {
      return { kind: 'stale', current: latest };
    }
    const reviewBlocked = reviewRefusal(versions);
    if (reviewBlocked) return { kind: 'refused', reason: reviewBlocked };
    const content = await contentOf(trx, latest.id);
    const now = clock.now();
    const created = await trx
      .insertInto('formulations')
      .values({
        case_id: header.id,
        version_number: latest.versionNumber + 1,
        previous_id: latest.id,
        template_id: latest.templateId,
        template_version: latest.templateVersion,
        author_id: input.userId,
        ...contentColumns(content),
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceRatings(trx, created.id, [], content.factors);
    await replaceScenarios(trx, created.id, content.scenarios);
    await recordAudit(trx, clock, audited(actor, header), {
      action: 'collection',
      subjectType: 'formulation',
      subjectId: created.id,
      personId: header.personId,
      detail: {
        caseId: header.id,
        versionNumber: latest.versionNumber + 1,
        reviews: latest.id,
      },
    });
    return { kind: 'done', value: { formulationId: created.id } };
  });
}

export interface SignOffQueueItem {
  caseId: string;
  reference: string;
  personName: string;
  versionNumber: number;
  authorName: string;
  submittedAt: Date;
  ownVersion: boolean;
  review: boolean;
}

/** Submitted formulations in the hubs of a senior clinician or hub lead, oldest first; audited. */
export async function signOffQueue(
  db: Kysely<DB>,
  clock: Clock,
  actor: AuditActor,
  principal: Principal,
): Promise<SignOffQueueItem[]> {
  if (!can(principal.roles, 'formulation.sign_off') || principal.hubIds.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('formulations as f')
      .innerJoin('cases', 'cases.id', 'f.case_id')
      .innerJoin('people', 'people.id', 'cases.person_id')
      .innerJoin('users as author', 'author.id', 'f.author_id')
      .select([
        'f.id',
        'cases.id as case_id',
        'cases.reference',
        'people.given_name',
        'people.family_name',
        'f.version_number',
        'f.author_id',
        'f.previous_id',
        'f.submitted_at',
        'author.name as author_name',
      ])
      .where('f.status', '=', 'submitted')
      .where('cases.hub_id', 'in', principal.hubIds)
      .orderBy('f.submitted_at')
      .limit(200)
      .execute();
    await recordAudit(trx, clock, actor, {
      action: 'consultation',
      subjectType: 'formulation_queue',
      detail: { formulationIds: rows.map((r) => r.id) },
    });
    return rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      personName: `${r.given_name} ${r.family_name}`,
      versionNumber: r.version_number,
      authorName: r.author_name,
      submittedAt: r.submitted_at!,
      ownVersion: r.author_id === principal.userId,
      review: r.previous_id !== null,
    }));
  });
}

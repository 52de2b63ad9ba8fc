import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { transition } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  reviewRefusal,
  submitProblems,
  type FactorRating,
  type FiveP,
  type FormulationContent,
  type ReportingFields,
  type Scenario,
  type SubmitProblem,
} from '../../domain/formulation.ts';
import { done, notFound, refused, stale, type Change } from '../../domain/result.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { Principal } from '../auth/principal.ts';
import { openCaseTo, type CaseHeader, type OpenedCase } from '../../access/case-context.ts';
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
import { notify } from '../notifications/notify.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What the formulation services need, built once in app.ts. */
export interface FormulationDeps {
  db: Kysely<DB>;
  clock: Clock;
}

/** What a change to a formulation can come to: the one result type, or a submit not ready. */
export type FormulationOutcome<T> = Change<T> | { kind: 'incomplete'; problems: SubmitProblem[] };

export const NO_VERSION_IN_PROGRESS = 'There is no version of the formulation in progress.';
export const NOT_A_DRAFT =
  'This version has been submitted for sign-off, so it cannot be changed. A senior clinician or the hub lead can return it to draft.';

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

/**
 * Opens the case to work its health record, locked for the change (so closure or consent
 * cannot change under the write), through the access core; then checks it may be written now.
 */
async function openToWork(
  trx: Transaction<DB>,
  principal: Principal,
  caseId: string,
): Promise<{ ok: true; header: CaseHeader } | { ok: false; change: Change<never> }> {
  const opened = await openCaseTo(trx, principal, caseId, {
    capability: 'workHealth',
    forUpdate: true,
  });
  if (!opened) return { ok: false, change: notFound };
  const refusal = await writeRefusal(trx, caseId);
  if (refusal) return { ok: false, change: refused(refusal) };
  return { ok: true, header: opened.header };
}

/** Who changes a case's formulation: the signed-in user, on the case of the path. */
export interface OnCase {
  principal: Principal;
  caseId: string;
}

export const audited = (actor: AuditActor, header: CaseHeader) => ({
  ...actor,
  hubId: header.hubId,
});

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
  deps: FormulationDeps,
  actor: AuditActor,
  opened: OpenedCase,
  options: { page: string; versionNumber?: number },
): Promise<FormulationRead | null> {
  const { db, clock } = deps;
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
    const blocked = opened.can.workHealth
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
  deps: FormulationDeps,
  actor: AuditActor,
  input: OnCase & { template: InstrumentTemplate },
): Promise<Change<{ formulationId: string }>> {
  const { db, clock } = deps;
  return db.transaction().execute(async (trx) => {
    const open = await openToWork(trx, input.principal, input.caseId);
    if (!open.ok) return open.change;
    const { header } = open;
    const existing = await versionsOf(trx, header.id);
    // Someone started it after this page was opened: show what is there now.
    if (existing.length) return stale;
    const now = clock.now();
    const created = await trx
      .insertInto('formulations')
      .values({
        case_id: header.id,
        version_number: 1,
        template_id: input.template.id,
        template_version: input.template.version,
        author_id: input.principal.userId,
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
    return done({ formulationId: created.id });
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
  deps: FormulationDeps,
  actor: AuditActor,
  input: OnCase & { version: number; edit: DraftEdit },
): Promise<Change<null>> {
  const { db, clock } = deps;
  const { edit } = input;
  return db.transaction().execute(async (trx) => {
    const open = await openToWork(trx, input.principal, input.caseId);
    if (!open.ok) return open.change;
    const { header } = open;
    const current = await inProgressForUpdate(trx, header.id);
    if (!current || current.version !== input.version) return stale;
    if (current.status !== 'draft') return refused(NOT_A_DRAFT);
    if (edit.section === 'review_reason' && !current.previousId) {
      return refused('Only a review says what changed and why.');
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
    return done(null);
  });
}

/** Submits the draft for sign-off, when nothing is missing. */
export async function submitFormulation(
  deps: FormulationDeps,
  actor: AuditActor,
  input: OnCase & { version: number; templates: InstrumentTemplates },
): Promise<FormulationOutcome<null>> {
  const { db, clock } = deps;
  return db.transaction().execute(async (trx) => {
    const open = await openToWork(trx, input.principal, input.caseId);
    if (!open.ok) return open.change;
    const { header } = open;
    const current = await inProgressForUpdate(trx, header.id);
    if (!current || current.version !== input.version) return stale;
    if (current.status !== 'draft') return refused(NOT_A_DRAFT);
    const template = input.templates.byId(current.templateId);
    if (!template) return refused(templateMissing(current.templateId));
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
        submitted_by: input.principal.userId,
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
    await notify(trx, clock, {
      kind: 'formulation_sign_off',
      caseId: header.id,
      path: `/formulations/${header.id}`,
      actorId: input.principal.userId,
    });
    return done(null);
  });
}

export const templateMissing = (id: string) =>
  `The instrument template "${id}" is no longer installed, so this version cannot be changed. Ask the service desk to restore it.`;

/**
 * Starts a review: a new draft version copying the last signed-off one (ratings, 5 Ps,
 * scenarios, summary fields), which stays frozen as it was.
 */
export async function startReview(
  deps: FormulationDeps,
  actor: AuditActor,
  input: OnCase & { latestVersionNumber: number },
): Promise<Change<{ formulationId: string }>> {
  const { db, clock } = deps;
  return db.transaction().execute(async (trx) => {
    const open = await openToWork(trx, input.principal, input.caseId);
    if (!open.ok) return open.change;
    const { header } = open;
    const versions = await versionsOf(trx, header.id);
    const latest = versions.at(-1) ?? null;
    if (!latest || latest.versionNumber !== input.latestVersionNumber) return stale;
    const reviewBlocked = reviewRefusal(versions);
    if (reviewBlocked) return refused(reviewBlocked);
    const created = await insertReviewVersion(trx, {
      caseId: header.id,
      latest,
      authorId: input.principal.userId,
      now: clock.now(),
    });
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
    return done({ formulationId: created.id });
  });
}

/**
 * The new draft version a review starts (here, or a correction at the person's request, in
 * rectification): a copy of the latest signed-off version, which stays frozen as it was. A
 * correction's reason is its review reason from the start.
 */
export async function insertReviewVersion(
  trx: Transaction<DB>,
  input: {
    caseId: string;
    latest: FormulationVersion;
    authorId: string;
    now: Date;
    reviewReason?: string;
  },
): Promise<{ id: string }> {
  const { latest, now } = input;
  const content = await contentOf(trx, latest.id);
  const created = await trx
    .insertInto('formulations')
    .values({
      case_id: input.caseId,
      version_number: latest.versionNumber + 1,
      previous_id: latest.id,
      template_id: latest.templateId,
      template_version: latest.templateVersion,
      author_id: input.authorId,
      ...contentColumns(content),
      ...(input.reviewReason ? { review_reason: input.reviewReason } : {}),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceRatings(trx, created.id, [], content.factors);
  await replaceScenarios(trx, created.id, content.scenarios);
  return created;
}

/** The latest version of the case's formulation (ids, status, dates), or null; not audited. */
export const latestVersion = async (
  db: Executor,
  caseId: string,
): Promise<FormulationVersion | null> => (await versionsOf(db, caseId)).at(-1) ?? null;

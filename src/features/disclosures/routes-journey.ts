import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { DisclosureDirection } from '../../domain/disclosures.ts';
import type { Permission } from '../../domain/permissions.ts';
import type { Change } from '../../domain/result.ts';
import { sendUnchanged } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import { versionOf } from '../../web/form-issues.ts';
import { formErrors, type FormErrors } from '../../web/forms.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { parseDisclosure, parseReason, valuesOfRecord } from './form.ts';
import { recordPage } from './presenter-decision.ts';
import { formPage } from './presenter-form.ts';
import { backFor, disclosurePaths } from './presenter.ts';
import { capabilityFor } from './records.ts';
import {
  disclosureForm,
  readDisclosure,
  saveDraft,
  submitDisclosure,
  withdrawDisclosure,
} from './service.ts';

const view = (name: string) => `features/disclosures/views/${name}.njk`;

export interface JourneyDeps {
  db: Kysely<DB>;
  clock: Clock;
  requireFreshCode: RequireFreshCode;
}

/** One direction's journey: where its pages live and who may use them. */
export interface Journey {
  direction: DisclosureDirection;
  /** `/cases` (health to police) or `/requests` (police to health). */
  prefix: string;
  permission: Permission;
  /** The path segment after the case id (default `disclosures`). */
  segment?: string;
}

const caseParams = z.object({ caseId: uuid });
const decisionParams = z.object({ caseId: uuid, disclosureId: uuid });
/** The shape of the journey's forms; their rules are form.ts's, which keep the input. */
const formBody = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });
const recordQuery = z.looseObject({ done: z.string().optional() });

type Ctx = CaseRouteContext<unknown, unknown, unknown>;
type FormBody = z.output<typeof formBody>;

const NOTICES: Record<string, string> = {
  released: 'Disclosure recorded: the recipients can now read what it released.',
  letter: 'Disclosure recorded: download the letter and send it to the recipient.',
  awaiting:
    'Disclosure submitted: it is released only when a hub lead approves it. Nothing has been shared yet.',
  withdrawn: 'Disclosure withdrawn: recipients now see only that it was withdrawn, and when.',
};

/** The version a form was opened on (hidden field); a missing or odd one counts as stale. */
const formVersion = (body: FormBody): number => versionOf({ version: body.version ?? '' }) ?? -1;

/** The journey for one direction: health to police on the case, police to health on the request. */
export function journeyRoutes(deps: JourneyDeps, journey: Journey): RouteDeclaration[] {
  const { db, clock, requireFreshCode } = deps;
  const { direction, prefix, permission } = journey;
  const services = { db, clock };
  const needs = capabilityFor(direction);
  const base = `${prefix}/:caseId/${journey.segment ?? 'disclosures'}`;

  const who = (ctx: Ctx) => ({ actor: ctx.actor, principal: ctx.principal });
  const target = (ctx: Ctx, disclosureId: string) => ({
    caseId: ctx.case.header.id,
    direction,
    disclosureId,
  });

  /** The page for a change that did not happen: not found, or the conflict page. */
  function unchanged(ctx: Ctx, change: Exclude<Change<unknown>, { kind: 'done' }>, retry: string) {
    if (change.kind === 'not_found') return sendProblem(ctx.request, ctx.reply, 404);
    const { header } = ctx.case;
    return sendUnchanged(ctx.reply, {
      change,
      caseId: header.id,
      reference: header.reference,
      retryHref: retry,
      caseHref: backFor(direction, header, ctx.principal.userId),
    });
  }

  async function showForm(
    ctx: Ctx,
    extra: Partial<Parameters<typeof formPage>[0]> = {},
    status: 200 | 400 = 200,
  ) {
    const form = await disclosureForm(services, {
      ...who(ctx),
      caseId: ctx.case.header.id,
      direction,
    });
    if (!form) return sendProblem(ctx.request, ctx.reply, 404);
    return ctx.reply.page(
      view('form'),
      formPage({ ...form, direction, viewerId: ctx.principal.userId, ...extra }),
      status,
    );
  }

  async function showRecord(
    ctx: Ctx & { params: { disclosureId: string } },
    extra: { reason?: string; errors?: FormErrors; notice?: string | null } = {},
    status: 200 | 400 = 200,
  ) {
    const found = await readDisclosure(services, {
      ...who(ctx),
      target: target(ctx, ctx.params.disclosureId),
    });
    if (!found) return sendProblem(ctx.request, ctx.reply, 404);
    return ctx.reply.page(
      view('record'),
      recordPage({
        ...found,
        // The same people who may record a disclosure of this direction may withdraw one.
        canWithdraw: found.record.status === 'in_effect',
        viewerId: ctx.principal.userId,
        ...extra,
      }),
      status,
    );
  }

  async function save(ctx: Ctx & { body: FormBody }, disclosureId: string | null) {
    const caseId = ctx.case.header.id;
    const paths = disclosurePaths(direction, caseId);
    const version = disclosureId ? formVersion(ctx.body) : 0;
    const parsed = parseDisclosure(direction, ctx.body);
    const again = (errors: FormErrors) =>
      showForm(
        ctx,
        { values: parsed.values, errors, disclosureId: disclosureId ?? undefined, version },
        400,
      );
    if (!parsed.ok) return again(parsed.errors);
    const result = await saveDraft(services, {
      ...who(ctx),
      target: { caseId, direction, disclosureId, version },
      input: parsed.input,
    });
    if (result.kind === 'invalid') return again(formErrors([[result.field, result.message]]));
    if (result.kind !== 'done') {
      return unchanged(ctx, result, disclosureId ? paths.edit(disclosureId) : paths.newForm);
    }
    return ctx.reply.redirect(paths.record(result.value.disclosureId), 303);
  }

  return [
    caseRoute({
      method: 'GET',
      url: `${base}/new`,
      permission,
      needs,
      params: caseParams,
      handler: (ctx) => showForm(ctx),
    }),
    caseRoute({
      method: 'POST',
      url: base,
      permission,
      needs,
      params: caseParams,
      body: formBody,
      handler: (ctx) => save(ctx, null),
    }),
    caseRoute({
      method: 'GET',
      url: `${base}/:disclosureId`,
      permission,
      needs,
      params: decisionParams,
      query: recordQuery,
      handler: (ctx) =>
        showRecord(ctx, { notice: ctx.query.done ? (NOTICES[ctx.query.done] ?? null) : null }),
    }),
    caseRoute({
      method: 'GET',
      url: `${base}/:disclosureId/edit`,
      permission,
      needs,
      params: decisionParams,
      handler: async (ctx) => {
        const { disclosureId } = ctx.params;
        const found = await readDisclosure(services, {
          ...who(ctx),
          target: target(ctx, disclosureId),
        });
        if (!found) return sendProblem(ctx.request, ctx.reply, 404);
        if (found.record.status !== 'draft') {
          return ctx.reply.redirect(
            disclosurePaths(direction, ctx.case.header.id).record(disclosureId),
          );
        }
        return showForm(ctx, {
          values: valuesOfRecord(found.record),
          disclosureId,
          version: found.record.version,
        });
      },
    }),
    caseRoute({
      method: 'POST',
      url: `${base}/:disclosureId`,
      permission,
      needs,
      params: decisionParams,
      body: formBody,
      handler: (ctx) => save(ctx, ctx.params.disclosureId),
    }),
    caseRoute({
      method: 'POST',
      url: `${base}/:disclosureId/submit`,
      permission,
      needs,
      params: decisionParams,
      body: formBody,
      handler: async (ctx) => {
        const { disclosureId } = ctx.params;
        const paths = disclosurePaths(direction, ctx.case.header.id);
        const result = await submitDisclosure(services, {
          ...who(ctx),
          target: { ...target(ctx, disclosureId), version: formVersion(ctx.body) },
          stepUpAt: ctx.request.session?.stepUpAt ?? null,
        });
        if (result.kind === 'step_up') {
          // Nothing was submitted: confirm a code, then come back to check and submit.
          await requireFreshCode(ctx.request, ctx.reply, paths.record(disclosureId));
          return ctx.reply;
        }
        if (result.kind !== 'done') return unchanged(ctx, result, paths.record(disclosureId));
        const released = direction === 'health_to_external' ? 'letter' : 'released';
        const done = result.value.status === 'in_effect' ? released : 'awaiting';
        return ctx.reply.redirect(`${paths.record(disclosureId)}?done=${done}`, 303);
      },
    }),
    caseRoute({
      method: 'POST',
      url: `${base}/:disclosureId/withdraw`,
      permission,
      needs,
      params: decisionParams,
      body: formBody,
      handler: async (ctx) => {
        const { disclosureId } = ctx.params;
        const form = parseReason('withdraw', ctx.body);
        if (!form.ok) return showRecord(ctx, { reason: form.reason, errors: form.errors }, 400);
        const paths = disclosurePaths(direction, ctx.case.header.id);
        const result = await withdrawDisclosure(services, {
          ...who(ctx),
          target: { ...target(ctx, disclosureId), version: formVersion(ctx.body) },
          reason: form.reason,
        });
        if (result.kind !== 'done') return unchanged(ctx, result, paths.record(disclosureId));
        return ctx.reply.redirect(`${paths.record(disclosureId)}?done=withdrawn`, 303);
      },
    }),
  ];
}

import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { CONSENT_METHOD_LABELS, CONSENT_STATUS_LABELS } from '../../domain/consent.ts';
import type { Change } from '../../domain/result.ts';
import { openCase, type OpenedCase } from '../../access/case-context.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { sendConflict, summaryRow, type SummaryRow } from '../../web/conflict.ts';
import { sendProblem } from '../../web/errors.ts';
import type { FormErrors } from '../../web/forms.ts';
import { versionOf } from '../../web/form-issues.ts';
import { uuid } from '../../web/ids.ts';
import { caseRoute, type CaseRouteContext, type RouteDeclaration } from '../../web/routes.ts';
import { formatDateTime } from '../../web/case-format.ts';
import { readConsentForm, readLawfulBasisForm } from './form.ts';
import { consentPage, consentStatusText, lawfulBasisLabel, lawfulBasisPage } from './presenter.ts';
import {
  consentHistory,
  historyVersion,
  lawfulBasisHistory,
  recordConsent,
  recordLawfulBasis,
} from './service.ts';
import { caseAfterSave } from '../cases/notices.ts';

const permission = 'case.work' as const;
const views = 'features/consent/views';
const params = z.object({ caseId: uuid });
/** The shape of the forms; their rules are form.ts's, which keeps the input on an error. */
const body = z.looseObject({ _csrf: z.string().optional(), version: z.string().optional() });

type Ctx = CaseRouteContext<{ caseId: string }, unknown, unknown>;

/**
 * Consent to engage and the lawful basis: read with the health record, recorded by those who
 * work it (the allocated clinicians and the hub lead). A reason lets a clinician read a case
 * outside their allocation, not work it: these forms answer 403 to them.
 */
export function consentRoutes(deps: { db: Kysely<DB>; clock: Clock }): RouteDeclaration[] {
  const { db, clock } = deps;

  const mayWork = async ({ request, reply, case: opened }: Ctx): Promise<boolean> => {
    if (opened.can.workHealth) return true;
    await sendProblem(request, reply, 403);
    return false;
  };

  /** The version the form shows: the one it was opened on when it comes back with errors. */
  const formVersion = async (
    table: 'consents' | 'lawful_bases',
    opened: OpenedCase,
    sent?: unknown,
  ) => {
    const kept = typeof sent === 'string' ? versionOf({ version: sent }) : null;
    return kept ?? (await historyVersion(db, table, opened.header.id));
  };

  async function showConsent(
    ctx: Ctx,
    form?: { values: Record<string, string>; errors: FormErrors },
  ) {
    const { header } = ctx.case;
    const history = await consentHistory(db, header.id);
    const version = await formVersion('consents', ctx.case, form?.values.version);
    return ctx.reply.page(
      `${views}/consent.njk`,
      consentPage({ header, history, version, ...form }),
      form ? 400 : 200,
    );
  }

  async function showLawfulBasis(
    ctx: Ctx,
    form?: { values: { codes: string[] }; errors: FormErrors; version?: unknown },
  ) {
    const { header } = ctx.case;
    const history = await lawfulBasisHistory(db, header.id);
    const version = await formVersion('lawful_bases', ctx.case, form?.version);
    const shown = form ? { values: form.values, errors: form.errors } : {};
    return ctx.reply.page(
      `${views}/lawful-basis.njk`,
      lawfulBasisPage({ header, history, version, ...shown }),
      form ? 400 : 200,
    );
  }

  /** Not saved: not the viewer's (404), or the conflict page with what is there now. */
  async function unsaved(
    ctx: Ctx,
    change: Exclude<Change<void>, { kind: 'done' }>,
    shown: { now: () => Promise<SummaryRow[]>; tried: SummaryRow[]; retryHref: string },
  ): Promise<FastifyReply> {
    const { header } = ctx.case;
    if (change.kind === 'not_found') {
      return caseNotFound({ db, clock }, ctx.request, ctx.reply, header.id);
    }
    const current = await openCase(db, ctx.principal, header.id);
    const refusal = change.kind === 'refused' ? change.reason : null;
    return sendConflict(ctx.reply, {
      caseId: header.id,
      reference: header.reference,
      refusal,
      now: [
        summaryRow('Status', STATE_LABELS[current?.header.status ?? header.status].text),
        ...(await shown.now()),
      ],
      tried: shown.tried,
      retryHref: refusal ? null : shown.retryHref,
    });
  }

  return [
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/consent',
      permission,
      needs: 'readHealth',
      params,
      handler: async (ctx) => ((await mayWork(ctx)) ? showConsent(ctx) : ctx.reply),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/consent',
      permission,
      needs: 'readHealth',
      params,
      body,
      handler: async (ctx) => {
        if (!(await mayWork(ctx))) return ctx.reply;
        const { header } = ctx.case;
        const form = readConsentForm(ctx.body, clock.now());
        if (!form.ok) return showConsent(ctx, form);
        const change = await recordConsent(db, clock, ctx.actor, {
          principal: ctx.principal,
          caseId: header.id,
          version: form.version,
          consent: form.consent,
        });
        if (change.kind !== 'done') {
          const { consent } = form;
          return unsaved(ctx, change, {
            now: async () => [
              summaryRow('Consent', consentStatusText(await consentHistory(db, header.id))),
            ],
            tried: [
              summaryRow('Consent', CONSENT_STATUS_LABELS[consent.status]),
              summaryRow('How', consent.method ? CONSENT_METHOD_LABELS[consent.method] : null),
              summaryRow('When', consent.decidedAt ? formatDateTime(consent.decidedAt) : null),
              summaryRow('Best-interests decision by', consent.bestInterestsBy),
              summaryRow('Note', consent.note),
            ],
            retryHref: `/cases/${header.id}/consent`,
          });
        }
        return ctx.reply.redirect(caseAfterSave(header.id, 'consent', 'consent'));
      },
    }),
    caseRoute({
      method: 'GET',
      url: '/cases/:caseId/lawful-basis',
      permission,
      needs: 'readHealth',
      params,
      handler: async (ctx) => ((await mayWork(ctx)) ? showLawfulBasis(ctx) : ctx.reply),
    }),
    caseRoute({
      method: 'POST',
      url: '/cases/:caseId/lawful-basis',
      permission,
      needs: 'readHealth',
      params,
      body,
      handler: async (ctx) => {
        if (!(await mayWork(ctx))) return ctx.reply;
        const { header } = ctx.case;
        const form = readLawfulBasisForm(ctx.body);
        if (!form.ok) return showLawfulBasis(ctx, { ...form, version: ctx.body.version });
        const change = await recordLawfulBasis(db, clock, ctx.actor, {
          principal: ctx.principal,
          caseId: header.id,
          version: form.version,
          codes: form.codes,
        });
        if (change.kind !== 'done') {
          return unsaved(ctx, change, {
            now: async () => {
              const history = await lawfulBasisHistory(db, header.id);
              const codes = history.at(-1)?.codes;
              return [
                summaryRow(
                  'Lawful basis',
                  codes?.map(lawfulBasisLabel).join('; ') ?? 'None recorded',
                ),
              ];
            },
            tried: [summaryRow('Lawful basis', form.codes.map(lawfulBasisLabel).join('; '))],
            retryHref: `/cases/${header.id}/lawful-basis`,
          });
        }
        return ctx.reply.redirect(caseAfterSave(header.id, 'lawful-basis', 'consent'));
      },
    }),
  ];
}

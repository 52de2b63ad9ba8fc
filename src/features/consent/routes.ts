import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { STATE_LABELS } from '../../domain/case-state.ts';
import type { Clock } from '../../domain/clock.ts';
import { CONSENT_METHOD_LABELS, CONSENT_STATUS_LABELS } from '../../domain/consent.ts';
import { sendProblem } from '../../web/errors.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import { type OpenedCase } from '../../access/case-context.ts';
import { caseIdOf, openHealthCase } from '../../access/legacy.ts';
import { sendConflict, summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../cases/format.ts';
import { readConsentForm, readLawfulBasisForm } from './form.ts';
import { consentPage, consentStatusText, lawfulBasisLabel, lawfulBasisPage } from './presenter.ts';
import {
  consentHistory,
  lawfulBasisHistory,
  recordConsent,
  recordLawfulBasis,
  type SaveResult,
} from './service.ts';

const access = { permission: 'case.work' } as const;
const views = 'features/consent/views';

/** Consent to engage and the lawful basis, by the allocated clinicians or the hub lead. */
export function consentRoutes(deps: { db: Kysely<DB>; clock: Clock }): LegacyRouteDeclaration[] {
  const { db, clock } = deps;

  /** The case, when the viewer may record on it; otherwise the reply is sent. */
  async function openForRecording(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<OpenedCase | null> {
    const opened = await openHealthCase(db, clock, request, reply, caseIdOf(request));
    if (!opened) return null;
    // A reason lets a clinician read a case outside their allocation, not work it.
    if (!opened.relation.allocatedClinician && !opened.hubLead) {
      await sendProblem(request, reply, 403);
      return null;
    }
    return opened;
  }

  async function showConsent(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form?: { values: Record<string, string>; errors: FormErrors },
  ) {
    const history = await consentHistory(db, opened.header.id);
    return reply.page(
      `${views}/consent.njk`,
      consentPage({ header: opened.header, history, ...form }),
      form ? 400 : 200,
    );
  }

  async function showLawfulBasis(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form?: { values: { codes: string[] }; errors: FormErrors },
  ) {
    const history = await lawfulBasisHistory(db, opened.header.id);
    return reply.page(
      `${views}/lawful-basis.njk`,
      lawfulBasisPage({ header: opened.header, history, ...form }),
      form ? 400 : 200,
    );
  }

  function conflict(
    reply: FastifyReply,
    opened: OpenedCase,
    result: Extract<SaveResult, { outcome: 'conflict' }>,
    now: ReturnType<typeof summaryRow>[],
    tried: ReturnType<typeof summaryRow>[],
    retryHref: string,
  ) {
    return sendConflict(reply, {
      caseId: opened.header.id,
      reference: opened.header.reference,
      refusal: result.refusal,
      now: [summaryRow('Status', STATE_LABELS[result.status].text), ...now],
      tried,
      retryHref: result.refusal ? null : retryHref,
    });
  }

  return [
    {
      method: 'GET',
      url: '/cases/:caseId/consent',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(request, reply);
        return opened ? showConsent(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/consent',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(request, reply);
        if (!opened) return reply;
        const form = readConsentForm(request.body, clock.now());
        if (!form.ok) return showConsent(request, reply, opened, form);
        const result = await recordConsent(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          userId: request.principal!.userId,
          consent: form.consent,
        });
        if (result.outcome === 'conflict') {
          const history = await consentHistory(db, opened.header.id);
          const { consent } = form;
          return conflict(
            reply,
            opened,
            result,
            [summaryRow('Consent', consentStatusText(history))],
            [
              summaryRow('Consent', CONSENT_STATUS_LABELS[consent.status]),
              summaryRow('How', consent.method ? CONSENT_METHOD_LABELS[consent.method] : null),
              summaryRow('When', consent.decidedAt ? formatDateTime(consent.decidedAt) : null),
              summaryRow('Best-interests decision by', consent.bestInterestsBy),
              summaryRow('Note', consent.note),
            ],
            `/cases/${opened.header.id}/consent`,
          );
        }
        return reply.redirect(`/cases/${opened.header.id}#consent`);
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/lawful-basis',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(request, reply);
        return opened ? showLawfulBasis(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/lawful-basis',
      access,
      handler: async (request, reply) => {
        const opened = await openForRecording(request, reply);
        if (!opened) return reply;
        const form = readLawfulBasisForm(request.body);
        if (!form.ok) return showLawfulBasis(request, reply, opened, form);
        const result = await recordLawfulBasis(db, clock, actorFor(request), {
          header: opened.header,
          version: form.version,
          userId: request.principal!.userId,
          codes: form.codes,
        });
        if (result.outcome === 'conflict') {
          const history = await lawfulBasisHistory(db, opened.header.id);
          return conflict(
            reply,
            opened,
            result,
            [
              summaryRow(
                'Lawful basis',
                history.at(-1)?.codes.map(lawfulBasisLabel).join('; ') ?? 'None recorded',
              ),
            ],
            [summaryRow('Lawful basis', form.codes.map(lawfulBasisLabel).join('; '))],
            `/cases/${opened.header.id}/lawful-basis`,
          );
        }
        return reply.redirect(`/cases/${opened.header.id}#consent`);
      },
    },
  ];
}

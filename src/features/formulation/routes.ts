import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import {
  formulationChanges,
  FIVE_PS,
  maySignOff,
  OWN_FORMULATION,
  submitProblems,
} from '../../domain/formulation.ts';
import { sendProblem } from '../../web/errors.ts';
import type { FormErrors } from '../../web/forms.ts';
import type { LegacyRouteDeclaration } from '../../web/routes.ts';
import { actorFor } from '../auth/actor.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { openCase, type OpenedCase } from '../../access/case-context.ts';
import { caseIdOf, openHealthCase } from '../../access/legacy.ts';
import { caseNotFound } from '../../access/case-route.ts';
import { sendConflict, summaryRow } from '../../web/conflict.ts';
import { formatDateTime } from '../cases/format.ts';
import {
  factorFieldIds,
  MAX_SCENARIOS,
  readDomainForm,
  readFivePsForm,
  readReasonForm,
  readScenariosForm,
  readStartForm,
  readSummaryForm,
  scenarioFieldIds,
  type FormValues,
} from './form.ts';
import {
  checkPage,
  decidePage,
  domainPage,
  fivePsPage,
  formulationUrls,
  overviewPage,
  queuePage,
  reviewReasonPage,
  scenariosPage,
  STATUS_LABELS,
  summaryPage,
  triedRows,
  versionPage,
  versionsPage,
} from './presenter.ts';
import {
  decideFormulation,
  mayWrite,
  readFormulation,
  saveDraft,
  signOffQueue,
  startFormulation,
  startReview,
  submitFormulation,
  type DraftEdit,
  type FormulationOutcome,
  type FormulationRead,
} from './service.ts';
import type { InstrumentTemplate, InstrumentTemplates } from './templates.ts';

const view = (name: string) => `features/formulation/views/${name}.njk`;
const work = { permission: 'case.work' } as const;
const signOff = { permission: 'formulation.sign_off' } as const;

export const formulationHomeLinks: HomeLink[] = [
  {
    permission: 'formulation.sign_off',
    text: 'Formulations to sign off',
    href: formulationUrls.queue(),
    description:
      'Formulations submitted in your hub: sign them off (never your own) or return them to draft.',
  },
];

type Outcome = Exclude<FormulationOutcome<unknown>, { kind: 'done' } | { kind: 'incomplete' }>;

/** Structured formulations (PRODUCT.md step 5): write, submit, sign off, review. */
export function formulationRoutes(deps: {
  db: Kysely<DB>;
  clock: Clock;
  templates: InstrumentTemplates;
}): LegacyRouteDeclaration[] {
  const { db, clock, templates } = deps;

  /** The case, when the viewer may read its health compartment; otherwise the reply is sent. */
  const openForReading = (request: FastifyRequest, reply: FastifyReply) =>
    openHealthCase(db, clock, request, reply, caseIdOf(request));

  /** The case, when the viewer may also write its formulation (allocated, or the hub lead). */
  async function openForWriting(request: FastifyRequest, reply: FastifyReply) {
    const opened = await openForReading(request, reply);
    if (!opened) return null;
    // A reason lets a clinician read a case outside their allocation, not work it.
    if (!mayWrite(opened)) {
      await sendProblem(request, reply, 403);
      return null;
    }
    return opened;
  }

  /**
   * A senior clinician or the hub lead deciding a submitted version: a case of their hub, whether
   * or not it is allocated to them (maySignOff). The decision pages show the formulation being
   * decided and nothing else of the case; every read is audited by readFormulation.
   */
  async function openForDeciding(request: FastifyRequest, reply: FastifyReply) {
    const caseId = caseIdOf(request);
    const opened = await openCase(db, request.principal!, caseId);
    // Outside their hubs the case does not exist for them, as on every other health page.
    if (!opened?.relation.sameHub) {
      await caseNotFound(db, clock, request, reply, caseId);
      return null;
    }
    if (!maySignOff(request.principal!.roles, opened.relation)) {
      await sendProblem(request, reply, 403);
      return null;
    }
    return opened;
  }

  /** The draft being edited, or the reply: the overview explains why it cannot be edited. */
  async function draftFor(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    page: string,
  ): Promise<{ read: FormulationRead; template: InstrumentTemplate } | null> {
    const read = await readFormulation(db, clock, actorFor(request), opened, { page });
    const template = read?.shown ? templates.byId(read.shown.templateId) : undefined;
    if (!read || read.blocked || read.shown?.status !== 'draft' || !template || !read.content) {
      await reply.redirect(formulationUrls.overview(opened.header.id), 303);
      return null;
    }
    return { read, template };
  }

  function showOverview(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    read: FormulationRead,
    form?: { values: FormValues; errors: FormErrors },
  ) {
    const template = read.shown ? templates.byId(read.shown.templateId) : undefined;
    return reply.page(
      view('overview'),
      overviewPage({
        header: opened.header,
        shown: read.shown,
        content: read.content,
        template,
        templates: templates.list,
        changes:
          read.previous && read.content
            ? formulationChanges(read.previous.content, read.content, factorOrder(template))
            : null,
        blocked: read.blocked,
        canWrite: mayWrite(opened),
        canSignOff: maySignOff(request.principal!.roles, opened.relation),
        ...form,
      }),
      form ? 400 : 200,
    );
  }

  /** The page for a change that did not happen: stale form (conflict page) or refused. */
  function unchanged(
    reply: FastifyReply,
    opened: OpenedCase,
    outcome: Outcome,
    tried: ReturnType<typeof triedRows>,
    retryHref: string,
  ) {
    if (outcome.kind === 'stale') {
      const current = outcome.current;
      return sendConflict(reply, {
        caseId: opened.header.id,
        reference: opened.header.reference,
        refusal: null,
        now: current
          ? [
              summaryRow('Formulation version', String(current.versionNumber)),
              summaryRow('Status', STATUS_LABELS[current.status].text),
              summaryRow('Last changed', formatDateTime(current.updatedAt)),
            ]
          : [summaryRow('Formulation', 'No version in progress')],
        tried: tried.length ? tried : [summaryRow('Change', 'Nothing entered')],
        retryHref,
      });
    }
    return reply.page(
      view('unchanged'),
      {
        title: 'The formulation cannot be changed now',
        message: outcome.reason,
        backHref: formulationUrls.overview(opened.header.id),
      },
      409,
    );
  }

  /** Saves one page of the draft and goes where the page says next. */
  async function save(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    input: {
      version: number | null;
      edit: DraftEdit;
      values: FormValues;
      labels: Record<string, string>;
      retryHref: string;
      next: string;
    },
  ) {
    const outcome = await saveDraft(db, clock, actorFor(request), {
      opened,
      version: input.version ?? -1,
      edit: input.edit,
    });
    if (outcome.kind === 'done') return reply.redirect(input.next, 303);
    if (outcome.kind === 'incomplete') throw new Error('a draft save is never incomplete');
    return unchanged(
      reply,
      opened,
      outcome,
      triedRows({ values: input.values, labels: input.labels }),
      input.retryHref,
    );
  }

  const domainOf = (template: InstrumentTemplate, request: FastifyRequest) => {
    const code = (request.params as { domainCode?: string }).domainCode;
    return template.domains.find((d) => d.code === code);
  };

  const domainLabels = (template: InstrumentTemplate, code: string) => {
    const domain = template.domains.find((d) => d.code === code)!;
    return Object.fromEntries(
      domain.factors.flatMap((f) => {
        const ids = factorFieldIds(f.code);
        return [
          [ids.presence, `${f.label}: presence`],
          [ids.relevance, `${f.label}: relevance`],
          [ids.evidence, `${f.label}: evidence`],
        ];
      }),
    );
  };

  const scenarioLabels = (count: number): Record<string, string> =>
    Object.fromEntries(
      Array.from({ length: count }, (_, i): [string, string][] => {
        const ids = scenarioFieldIds(i + 1);
        return [
          [ids.description, `Scenario ${i + 1}: what could happen`],
          [ids.triggers, `Scenario ${i + 1}: triggers`],
          [ids.warningSigns, `Scenario ${i + 1}: early warning signs`],
        ];
      }).flat(),
    );

  const SUMMARY_LABELS = {
    primaryVulnerability: 'Primary vulnerability',
    presentations: 'Presentations',
    presentationOther: 'Other presentation',
    mainstreamRelation: 'Relation to mainstream services',
    additionalNeeds: 'Additional needs',
    convictions: 'Previous convictions',
    supervisionFailures: 'Past failures under supervision',
  };
  const FIVE_P_LABELS = Object.fromEntries(
    FIVE_PS.map((p) => [p, p[0]!.toUpperCase() + p.slice(1)]),
  );

  async function showDecide(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    form?: { values: FormValues; errors: FormErrors },
  ) {
    const read = await readFormulation(db, clock, actorFor(request), opened, {
      page: 'sign_off',
    });
    if (!read?.shown || read.shown.status !== 'submitted' || !read.content) {
      return sendProblem(request, reply, 404);
    }
    const template = templates.byId(read.shown.templateId);
    return reply.page(
      view('decide'),
      decidePage({
        header: opened.header,
        shown: read.shown,
        template,
        content: read.content,
        changes: read.previous
          ? formulationChanges(read.previous.content, read.content, factorOrder(template))
          : null,
        ownVersion: read.shown.authorId === request.principal!.userId,
        ownMessage: OWN_FORMULATION,
        ...form,
      }),
      form ? 400 : 200,
    );
  }

  return [
    {
      method: 'GET',
      url: '/cases/:caseId/formulation',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForReading(request, reply);
        if (!opened) return reply;
        const read = await readFormulation(db, clock, actorFor(request), opened, {
          page: 'overview',
        });
        return showOverview(request, reply, opened, read!);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const form = readStartForm(request.body, templates.list);
        if (!form.ok) {
          const read = await readFormulation(db, clock, actorFor(request), opened, {
            page: 'overview',
          });
          return showOverview(request, reply, opened, read!, form);
        }
        const outcome = await startFormulation(db, clock, actorFor(request), {
          opened,
          userId: request.principal!.userId,
          template: form.data,
        });
        if (outcome.kind === 'done') {
          return reply.redirect(formulationUrls.overview(opened.header.id), 303);
        }
        if (outcome.kind === 'incomplete') throw new Error('starting is never incomplete');
        return unchanged(
          reply,
          opened,
          outcome,
          [summaryRow('Template', form.data.name)],
          formulationUrls.overview(opened.header.id),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/domains/:domainCode',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'domain');
        if (!draft) return reply;
        const domain = domainOf(draft.template, request);
        if (!domain) return sendProblem(request, reply, 404);
        return reply.page(
          view('domain'),
          domainPage({
            header: opened.header,
            domain,
            content: draft.read.content!,
            version: draft.read.shown!.version,
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/domains/:domainCode',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'domain');
        if (!draft) return reply;
        const domain = domainOf(draft.template, request);
        if (!domain) return sendProblem(request, reply, 404);
        const form = readDomainForm(request.body, domain);
        if (!form.ok) {
          return reply.page(
            view('domain'),
            domainPage({
              header: opened.header,
              domain,
              content: draft.read.content!,
              version: form.version ?? draft.read.shown!.version,
              values: form.values,
              errors: form.errors,
            }),
            400,
          );
        }
        const caseId = opened.header.id;
        return save(request, reply, opened, {
          version: form.version,
          edit: {
            section: 'domain',
            domainCode: domain.code,
            factorCodes: domain.factors.map((f) => f.code),
            ratings: form.data.ratings,
          },
          values: form.values,
          labels: domainLabels(draft.template, domain.code),
          retryHref: formulationUrls.domain(caseId, domain.code),
          next: formulationUrls.overview(caseId),
        });
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/five-ps',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'five_ps');
        if (!draft) return reply;
        return reply.page(
          view('five-ps'),
          fivePsPage({
            header: opened.header,
            content: draft.read.content!,
            version: draft.read.shown!.version,
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/five-ps',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const form = readFivePsForm(request.body);
        if (!form.ok) {
          const draft = await draftFor(request, reply, opened, 'five_ps');
          if (!draft) return reply;
          return reply.page(
            view('five-ps'),
            fivePsPage({
              header: opened.header,
              content: draft.read.content!,
              version: form.version ?? draft.read.shown!.version,
              values: form.values,
              errors: form.errors,
            }),
            400,
          );
        }
        const caseId = opened.header.id;
        return save(request, reply, opened, {
          version: form.version,
          edit: { section: 'five_ps', fivePs: form.data },
          values: form.values,
          labels: FIVE_P_LABELS,
          retryHref: formulationUrls.fivePs(caseId),
          next: formulationUrls.overview(caseId),
        });
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/scenarios',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'scenarios');
        if (!draft) return reply;
        return reply.page(
          view('scenarios'),
          scenariosPage({
            header: opened.header,
            content: draft.read.content!,
            version: draft.read.shown!.version,
            maxScenarios: MAX_SCENARIOS,
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/scenarios',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const form = readScenariosForm(request.body);
        if (!form.ok) {
          const draft = await draftFor(request, reply, opened, 'scenarios');
          if (!draft) return reply;
          return reply.page(
            view('scenarios'),
            scenariosPage({
              header: opened.header,
              content: draft.read.content!,
              version: form.version ?? draft.read.shown!.version,
              values: form.values,
              errors: form.errors,
              maxScenarios: MAX_SCENARIOS,
            }),
            400,
          );
        }
        const caseId = opened.header.id;
        const stay = form.data.action.kind !== 'save';
        return save(request, reply, opened, {
          version: form.version,
          edit: { section: 'scenarios', scenarios: form.data.scenarios },
          values: form.values,
          labels: scenarioLabels(Number(form.values.count ?? 0)),
          retryHref: formulationUrls.scenarios(caseId),
          next: stay
            ? `${formulationUrls.scenarios(caseId)}#${scenarioFieldIds(form.data.scenarios.length + 1).description}`
            : formulationUrls.overview(caseId),
        });
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/summary',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'summary');
        if (!draft) return reply;
        return reply.page(
          view('summary'),
          summaryPage({
            header: opened.header,
            content: draft.read.content!,
            version: draft.read.shown!.version,
          }),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/summary',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const form = readSummaryForm(request.body);
        if (!form.ok) {
          const draft = await draftFor(request, reply, opened, 'summary');
          if (!draft) return reply;
          return reply.page(
            view('summary'),
            summaryPage({
              header: opened.header,
              content: draft.read.content!,
              version: form.version ?? draft.read.shown!.version,
              values: form.values,
              errors: form.errors,
            }),
            400,
          );
        }
        const caseId = opened.header.id;
        return save(request, reply, opened, {
          version: form.version,
          edit: { section: 'summary', reporting: form.data },
          values: form.values,
          labels: SUMMARY_LABELS,
          retryHref: formulationUrls.summary(caseId),
          next: formulationUrls.overview(caseId),
        });
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/review-reason',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'review_reason');
        if (!draft) return reply;
        return showReviewReason(reply, opened, draft);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/review-reason',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const form = readReasonForm(request.body, {
          field: 'reviewReason',
          empty: 'Enter what changed since the last signed-off version, and why',
          max: 5000,
          tooLong: 'What changed and why must be 5,000 characters or fewer',
        });
        if (!form.ok) {
          const draft = await draftFor(request, reply, opened, 'review_reason');
          if (!draft) return reply;
          return showReviewReason(reply, opened, draft, form);
        }
        const caseId = opened.header.id;
        return save(request, reply, opened, {
          version: form.version,
          edit: { section: 'review_reason', reviewReason: form.data },
          values: form.values,
          labels: { reviewReason: 'What changed and why' },
          retryHref: formulationUrls.reviewReason(caseId),
          next: formulationUrls.check(caseId),
        });
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/check',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const draft = await draftFor(request, reply, opened, 'check');
        if (!draft) return reply;
        return showCheck(reply, opened, draft, false);
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/submit',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const body = (request.body ?? {}) as Record<string, unknown>;
        const version =
          typeof body.version === 'string' && /^\d{1,9}$/.test(body.version)
            ? Number(body.version)
            : -1;
        const outcome = await submitFormulation(db, clock, actorFor(request), {
          opened,
          userId: request.principal!.userId,
          version,
          templates,
        });
        if (outcome.kind === 'done') {
          return reply.redirect(formulationUrls.overview(opened.header.id), 303);
        }
        if (outcome.kind === 'incomplete') {
          const draft = await draftFor(request, reply, opened, 'check');
          if (!draft) return reply;
          return showCheck(reply, opened, draft, true);
        }
        return unchanged(
          reply,
          opened,
          outcome,
          [summaryRow('Change', 'Submit the formulation for sign-off')],
          formulationUrls.check(opened.header.id),
        );
      },
    },
    {
      method: 'POST',
      url: '/cases/:caseId/formulation/review',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForWriting(request, reply);
        if (!opened) return reply;
        const body = (request.body ?? {}) as Record<string, unknown>;
        const latest =
          typeof body.latestVersionNumber === 'string' && /^\d{1,9}$/.test(body.latestVersionNumber)
            ? Number(body.latestVersionNumber)
            : -1;
        const outcome = await startReview(db, clock, actorFor(request), {
          opened,
          userId: request.principal!.userId,
          latestVersionNumber: latest,
        });
        if (outcome.kind === 'done') {
          return reply.redirect(formulationUrls.overview(opened.header.id), 303);
        }
        if (outcome.kind === 'incomplete') throw new Error('starting a review is never incomplete');
        return unchanged(
          reply,
          opened,
          outcome,
          [summaryRow('Change', 'Start a review of the formulation')],
          formulationUrls.overview(opened.header.id),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/versions',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForReading(request, reply);
        if (!opened) return reply;
        const read = await readFormulation(db, clock, actorFor(request), opened, {
          page: 'versions',
        });
        return reply.page(
          view('versions'),
          versionsPage({ header: opened.header, versions: read!.versions }),
        );
      },
    },
    {
      method: 'GET',
      url: '/cases/:caseId/formulation/versions/:versionNumber',
      access: work,
      handler: async (request, reply) => {
        const opened = await openForReading(request, reply);
        if (!opened) return reply;
        const raw = (request.params as { versionNumber?: string }).versionNumber ?? '';
        if (!/^\d{1,6}$/.test(raw)) return sendProblem(request, reply, 404);
        const read = await readFormulation(db, clock, actorFor(request), opened, {
          page: 'version',
          versionNumber: Number(raw),
        });
        if (!read?.shown || !read.content) return sendProblem(request, reply, 404);
        const template = templates.byId(read.shown.templateId);
        return reply.page(
          view('version'),
          versionPage({
            header: opened.header,
            shown: read.shown,
            template,
            content: read.content,
            changes: read.previous
              ? formulationChanges(read.previous.content, read.content, factorOrder(template))
              : null,
          }),
        );
      },
    },
    {
      method: 'GET',
      url: '/formulations',
      access: signOff,
      handler: async (request, reply) => {
        const items = await signOffQueue(db, clock, actorFor(request), request.principal!);
        const decided = (request.query as Record<string, unknown> | undefined)?.decided;
        return reply.page(
          view('queue'),
          queuePage({ items, decided: typeof decided === 'string' ? decided : undefined }),
        );
      },
    },
    {
      method: 'GET',
      url: '/formulations/:caseId',
      access: signOff,
      handler: async (request, reply) => {
        const opened = await openForDeciding(request, reply);
        return opened ? showDecide(request, reply, opened) : reply;
      },
    },
    {
      method: 'POST',
      url: '/formulations/:caseId/sign-off',
      access: signOff,
      handler: async (request, reply) => {
        const opened = await openForDeciding(request, reply);
        if (!opened) return reply;
        return decide(request, reply, opened, { kind: 'sign_off' });
      },
    },
    {
      method: 'POST',
      url: '/formulations/:caseId/return',
      access: signOff,
      handler: async (request, reply) => {
        const opened = await openForDeciding(request, reply);
        if (!opened) return reply;
        const form = readReasonForm(request.body, {
          field: 'reason',
          empty: 'Enter why the formulation is returned to draft',
          max: 2000,
          tooLong: 'Reason must be 2,000 characters or fewer',
        });
        if (!form.ok) return showDecide(request, reply, opened, form);
        return decide(request, reply, opened, { kind: 'return', reason: form.data });
      },
    },
  ];

  async function decide(
    request: FastifyRequest,
    reply: FastifyReply,
    opened: OpenedCase,
    decision: { kind: 'sign_off' } | { kind: 'return'; reason: string },
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const version =
      typeof body.version === 'string' && /^\d{1,9}$/.test(body.version)
        ? Number(body.version)
        : -1;
    const outcome = await decideFormulation(db, clock, actorFor(request), {
      opened,
      principal: request.principal!,
      version,
      decision,
    });
    if (outcome.kind === 'done') {
      return reply.redirect(
        `${formulationUrls.queue()}?decided=${decision.kind === 'sign_off' ? 'signed_off' : 'returned'}`,
        303,
      );
    }
    if (outcome.kind === 'incomplete') throw new Error('a decision is never incomplete');
    return unchanged(
      reply,
      opened,
      outcome,
      [
        summaryRow(
          'Decision',
          decision.kind === 'sign_off' ? 'Sign off' : `Return to draft: ${decision.reason}`,
        ),
      ],
      formulationUrls.decide(opened.header.id),
    );
  }

  function showReviewReason(
    reply: FastifyReply,
    opened: OpenedCase,
    draft: { read: FormulationRead; template: InstrumentTemplate },
    form?: { values: FormValues; errors: FormErrors; version: number | null },
  ) {
    const { read, template } = draft;
    if (!read.previous) return reply.redirect(formulationUrls.overview(opened.header.id), 303);
    return reply.page(
      view('review-reason'),
      reviewReasonPage({
        header: opened.header,
        template,
        changes: formulationChanges(read.previous.content, read.content!, factorOrder(template)),
        previousVersionNumber: read.previous.version.versionNumber,
        reason: read.shown!.reviewReason,
        version: form?.version ?? read.shown!.version,
        values: form?.values,
        errors: form?.errors,
      }),
      form ? 400 : 200,
    );
  }

  function showCheck(
    reply: FastifyReply,
    opened: OpenedCase,
    draft: { read: FormulationRead; template: InstrumentTemplate },
    showProblems: boolean,
  ) {
    const { read, template } = draft;
    const shown = read.shown!;
    const content = read.content!;
    return reply.page(
      view('check'),
      checkPage({
        header: opened.header,
        shown,
        template,
        content,
        changes: read.previous
          ? formulationChanges(read.previous.content, content, factorOrder(template))
          : null,
        problems: submitProblems({
          content,
          template,
          isReview: shown.previousId !== null,
          reviewReason: shown.reviewReason,
        }),
        showProblems,
      }),
      showProblems ? 400 : 200,
    );
  }
}

const factorOrder = (template: InstrumentTemplate | undefined) =>
  template?.domains.flatMap((d) => d.factors.map((f) => f.code)) ?? [];

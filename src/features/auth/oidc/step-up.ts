import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../domain/clock.ts';
import { mfaEvidence } from '../../../domain/sso-mfa.ts';
import { checkStepUp } from '../../../domain/sso-step-up.ts';
import { route, type RouteDeclaration } from '../../../web/routes.ts';
import { actorFor } from '../actor.ts';
import type { SessionStore } from '../sessions.ts';
import { STEP_UP_MINUTES } from '../step-up.ts';
import { SsoError, type OidcClient } from './client.ts';
import type { PendingAction } from './pending.ts';
import { SSO_PROBLEM_STATUS, ssoProblemPage, type SsoProblem } from './presenter.ts';
import type { SsoService } from './service.ts';

const PROBLEM_VIEW = 'features/auth/oidc/views/sso-problem.njk';
const CONFIRM_VIEW = 'features/auth/oidc/views/step-up-confirm.njk';
export const CONTINUE_PATH = '/sign-in/sso/step-up/continue';

/** What the confirmation page names each sensitive action ("Now confirm: ..."), by route. */
const LABELS: Record<string, string> = {
  'POST /cases/:caseId/disclosures/:disclosureId/submit': 'submit the disclosure',
  'POST /requests/:caseId/disclosures/:disclosureId/submit': 'submit the disclosure',
  'POST /disclosures/approvals/:disclosureId/approve': 'approve the disclosure',
  'POST /disclosures/approvals/:disclosureId/refuse': 'refuse the disclosure',
  'POST /admin/users': 'add the user',
  'POST /admin/users/:id': "change the user's roles",
  'POST /admin/api-clients': 'add the API client',
};

/** Answers never kept in the session: a password goes with its form or not at all. */
const UNKEPT = /password|secret/i;
const MAX_VALUES = 200;
const MAX_CHARS = 50_000;

/** The answers of the interrupted form, or null when they must not or cannot be kept. */
function keptFields(request: FastifyRequest): PendingAction['fields'] {
  const body = request.body;
  if (typeof body !== 'object' || body === null) return [];
  const fields = Object.entries(body as Record<string, unknown>)
    .filter(([name]) => name !== '_csrf' && !name.startsWith('stepUp'))
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value])
        .filter((v): v is string => typeof v === 'string')
        .map((v) => ({ name, value: v })),
    );
  const chars = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  if (fields.some((f) => UNKEPT.test(f.name))) return null;
  return fields.length > MAX_VALUES || chars > MAX_CHARS ? null : fields;
}

function pendingAction(request: FastifyRequest, returnTo: string): PendingAction {
  if (request.method !== 'POST') {
    return { method: 'GET', url: returnTo, label: 'continue', fields: null, returnTo };
  }
  const key = `POST ${request.routeOptions.url ?? ''}`;
  return {
    method: 'POST',
    url: request.url.split('?')[0]!,
    label: LABELS[key] ?? 'finish what you were doing',
    fields: keptFields(request),
    returnTo,
  };
}

/**
 * Step-up for people signed in by single sign-on: instead of Cicero's code page, they sign in
 * again at their provider (prompt=login, max_age=0, the step-up acr values), then confirm the
 * interrupted action on a page of one button. The action, its answers and the checks wait in
 * the server-side session, never in a URL.
 */
export function ssoStepUp(deps: {
  sessions: SessionStore;
  clock: Clock;
  sso: SsoService;
  clients: ReadonlyMap<string, OidcClient>;
}) {
  const { sessions, clock, sso, clients } = deps;

  function problem(
    reply: FastifyReply,
    client: OidcClient,
    kind: SsoProblem,
    backHref: string | undefined,
  ) {
    return reply.page(
      PROBLEM_VIEW,
      ssoProblemPage({ problem: kind, providerName: client.provider.name, backHref }),
      SSO_PROBLEM_STATUS[kind],
    );
  }

  return {
    /** Whether this request's session was signed in by a provider Cicero still has. */
    handles(request: FastifyRequest): boolean {
      const provider = request.session?.data.ssoLogin?.provider;
      return Boolean(request.principal && provider && clients.has(provider));
    },

    /** Sends the user to their provider to sign in again; the action waits in the session. */
    async start(request: FastifyRequest, reply: FastifyReply, returnTo: string): Promise<unknown> {
      const session = request.session!;
      const client = clients.get(session.data.ssoLogin!.provider)!;
      const providerId = client.provider.id;
      const action = pendingAction(request, returnTo);
      const actor = actorFor(request);
      let started;
      try {
        started = await client.start({ stepUp: true });
      } catch (error) {
        const code = error instanceof SsoError ? error.code : 'discovery-failed';
        request.log.warn({ provider: providerId, code }, 'identity provider unavailable');
        await sso.record(providerId, actor, {
          event: 'sso-step-up-failed',
          userId: session.userId!,
          code,
        });
        return problem(reply, client, 'step-up-unavailable', action.returnTo);
      }
      const data = { ...session.data };
      delete data.ssoStepUpDone;
      await sessions.update(session.id, {
        data: {
          ...data,
          ssoStepUp: {
            provider: providerId,
            ...started.pending,
            startedAt: clock.now().toISOString(),
            action,
          },
        },
      });
      await sso.record(providerId, actor, {
        event: 'sso-step-up-started',
        userId: session.userId!,
      });
      return reply.redirect(started.url, 303);
    },

    /**
     * The provider's answer to a step-up: the same checks as sign-in, then a fresh sign-in
     * (auth_time), the acr asked for, a second factor, and the same person. Only then is the
     * session freshly confirmed; any failure leaves it as it was and does nothing.
     */
    async finish(request: FastifyRequest, reply: FastifyReply, client: OidcClient) {
      const session = request.session!;
      const principal = request.principal!;
      const { ssoStepUp: pending, ...data } = session.data;
      delete data.ssoStepUpDone;
      // One answer per start: a replayed callback finds nothing to match.
      await sessions.update(session.id, { data });
      session.data = data;
      const { provider } = client;
      const actor = actorFor(request);
      const fail = async (code: string, kind: SsoProblem = 'step-up-failed') => {
        request.log.warn({ provider: provider.id, code }, 'single sign-on step-up refused');
        await sso.record(provider.id, actor, {
          event: 'sso-step-up-failed',
          userId: principal.userId,
          code,
        });
        return problem(reply, client, kind, pending?.action.returnTo);
      };
      if (!pending || pending.provider !== provider.id) return fail('no-pending-step-up');
      let identity;
      try {
        identity = await client.finish(request.url, pending);
      } catch (error) {
        return fail(error instanceof SsoError ? error.code : 'unexpected');
      }
      const now = clock.now();
      const mfa = mfaEvidence(identity.claims, provider.mfaAcrValues);
      const verdict = checkStepUp({
        authTime: identity.claims.auth_time,
        acr: identity.claims.acr,
        mfa,
        startedAt: new Date(pending.startedAt),
        now,
        freshMinutes: STEP_UP_MINUTES,
        requiredAcrValues: provider.stepUpAcrValues ?? [],
        requireMfa: provider.requireMfa,
      });
      if (!verdict.ok) return fail(verdict.reason);
      const user = await sso.linkedUser(provider.issuer, identity.subject);
      if (user?.id !== principal.userId) return fail('another-person', 'step-up-other-person');

      const { action } = pending;
      const waiting = action.method === 'POST';
      await sessions.update(session.id, {
        stepUpAt: now,
        ...(waiting ? { data: { ...data, ssoStepUpDone: action } } : {}),
      });
      await sso.record(provider.id, actor, { event: 'sso-step-up', userId: user.id, mfa });
      return reply.redirect(waiting ? CONTINUE_PATH : action.url, 303);
    },
  };
}

export type SsoStepUp = ReturnType<typeof ssoStepUp>;

/**
 * The page after a step-up: "Now confirm: <action>", a form of the interrupted action's answers
 * with the CSRF token and one button, so the action is sent by the user (no script needed).
 * Shown once: the answers leave the session as the page is made.
 */
export function stepUpContinueRoutes(deps: { sessions: SessionStore }): RouteDeclaration[] {
  return [
    route({
      method: 'GET',
      url: CONTINUE_PATH,
      permission: 'account.use',
      handler: async ({ request, reply }) => {
        const session = request.session!;
        const { ssoStepUpDone: action, ...data } = session.data;
        if (!action) return reply.redirect('/home');
        await deps.sessions.update(session.id, { data });
        const label = action.label.charAt(0).toUpperCase() + action.label.slice(1);
        return reply.page(CONFIRM_VIEW, {
          title: action.fields ? `Now confirm: ${label}` : 'You have confirmed it is you',
          action,
        });
      },
    }),
  ];
}

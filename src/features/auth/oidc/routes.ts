import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Config } from '../../../config.ts';
import type { DB } from '../../../db/schema.ts';
import type { Clock } from '../../../domain/clock.ts';
import { isRole } from '../../../domain/roles.ts';
import { acceptsSignIn, mfaEvidence } from '../../../domain/sso-mfa.ts';
import { checkSelectedRole } from '../../../domain/sso-roles.ts';
import { sendProblem } from '../../../web/errors.ts';
import { publicRoute, type RouteDeclaration } from '../../../web/routes.ts';
import { formBody } from '../form-body.ts';
import { sessionAdvancer } from '../advance.ts';
import type { SessionStore } from '../sessions.ts';
import { SsoError, type OidcClient } from './client.ts';
import { SSO_PROBLEM_STATUS, ssoProblemPage, type SsoProblem } from './presenter.ts';
import type { SsoService } from './service.ts';
import { stepUpContinueRoutes, type SsoStepUp } from './step-up.ts';
import { backchannelLogoutRoutes } from './backchannel.ts';

const view = 'features/auth/oidc/views/sso-problem.njk';

export interface SsoRouteDeps {
  config: Config;
  db: Kysely<DB>;
  clock: Clock;
  sessions: SessionStore;
  sso: SsoService;
  /** One client per configured provider, by provider id. */
  clients: ReadonlyMap<string, OidcClient>;
  stepUp: SsoStepUp;
}

/**
 * Single sign-on with OpenID Connect: authorization code + PKCE + state + nonce, the checks
 * kept in the server-side session. The provider's MFA stands in for Cicero's TOTP.
 */
export function ssoRoutes(deps: SsoRouteDeps): RouteDeclaration[] {
  const { sessions, sso, clients } = deps;
  const advance = sessionAdvancer(deps);

  const params = z.object({ providerId: z.string().max(100) });

  function problem(reply: FastifyReply, client: OidcClient, kind: SsoProblem, reference?: string) {
    return reply.page(
      view,
      ssoProblemPage({ problem: kind, providerName: client.provider.name, reference }),
      SSO_PROBLEM_STATUS[kind],
    );
  }

  return [
    ...stepUpContinueRoutes({ sessions }),
    ...backchannelLogoutRoutes(deps),
    publicRoute({
      method: 'POST',
      url: '/sign-in/sso/:providerId',
      params,
      body: formBody,
      handler: async ({ request, reply, params, actor }) => {
        const client = clients.get(params.providerId);
        if (!client) return sendProblem(request, reply, 404);
        if (request.principal) return reply.redirect('/home');
        // The guard's CSRF check has already required a session.
        const session = request.session!;
        const providerId = client.provider.id;
        let started;
        try {
          started = await client.start();
        } catch (error) {
          const code = error instanceof SsoError ? error.code : 'discovery-failed';
          request.log.warn({ provider: providerId, code }, 'identity provider unavailable');
          await sso.record(providerId, actor, { event: 'sso-failed', code });
          return problem(reply, client, 'unavailable');
        }
        await sessions.update(session.id, {
          data: { ...session.data, sso: { provider: providerId, ...started.pending } },
        });
        await sso.record(providerId, actor, { event: 'sso-started' });
        return reply.redirect(started.url, 303);
      },
    }),
    publicRoute({
      method: 'GET',
      url: '/sign-in/sso/:providerId/callback',
      params,
      handler: async ({ request, reply, params, actor }) => {
        const client = clients.get(params.providerId);
        if (!client) return sendProblem(request, reply, 404);
        const { provider } = client;
        const session = request.session;
        // Signed in already and confirming it is them for a sensitive action (step-up.ts).
        if (request.principal && session?.data.ssoStepUp) {
          return deps.stepUp.finish(request, reply, client);
        }
        const pending = session?.data.sso;
        if (!session || !pending || pending.provider !== provider.id) {
          await sso.record(provider.id, actor, { event: 'sso-failed', code: 'no-pending-sign-in' });
          return problem(reply, client, 'failed');
        }
        // One answer per start: a replayed callback finds nothing to match.
        await sessions.update(session.id, { data: { ...session.data, sso: undefined } });

        let identity;
        try {
          identity = await client.finish(request.url, pending, {
            userinfo: Boolean(provider.roleMap),
          });
        } catch (error) {
          const code = error instanceof SsoError ? error.code : 'unexpected';
          request.log.warn({ provider: provider.id, code }, 'single sign-on failed');
          await sso.record(provider.id, actor, { event: 'sso-failed', code });
          return problem(reply, client, 'failed');
        }

        const mfa = mfaEvidence(identity.claims, provider.mfaAcrValues);
        const user = await sso.linkedUser(provider.issuer, identity.subject);
        if (!user) {
          await sso.record(provider.id, actor, { event: 'sso-unknown-subject', mfa });
          return problem(reply, client, 'not-set-up', identity.subject);
        }
        if (!user.active) {
          await sso.record(provider.id, actor, { event: 'sso-disabled-account', userId: user.id });
          return problem(reply, client, 'not-set-up', identity.subject);
        }
        if (!acceptsSignIn(mfa, provider.requireMfa)) {
          await sso.record(provider.id, actor, {
            event: 'sso-mfa-missing',
            userId: user.id,
            mfa,
          });
          return problem(reply, client, 'mfa-required');
        }
        if (provider.roleMap) {
          const roles = checkSelectedRole(
            identity.claims,
            provider.roleMap,
            user.roles.filter(isRole),
          );
          if (!roles.ok) {
            await sso.record(provider.id, actor, {
              event: 'sso-role-refused',
              userId: user.id,
              code: roles.reason,
            });
            return problem(reply, client, 'role-refused');
          }
        }
        await sso.record(provider.id, actor, { event: 'sso-signed-in', userId: user.id, mfa });
        const sid = identity.claims.sid;
        return advance(request, reply, user.id, {
          stage: user.termsAccepted ? 'active' : 'terms',
          ssoLogin: {
            provider: provider.id,
            ...(typeof sid === 'string' && sid.length <= 200 ? { sid } : {}),
          },
        });
      },
    }),
  ];
}

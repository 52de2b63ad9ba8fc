import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { setSessionCookie } from './cookies.ts';
import { STAGE_PAGES } from './guard.ts';
import type { SessionState } from './principal.ts';
import type { SessionStore } from './sessions.ts';

/**
 * Moves a sign-in to its next stage. Each step gets a new session id (no fixation); the old
 * session ends. Shared by local sign-in and single sign-on.
 */
export function sessionAdvancer(deps: { config: Config; sessions: SessionStore }) {
  return async function advance(
    request: FastifyRequest,
    reply: FastifyReply,
    userId: string,
    stage: SessionState['stage'],
  ) {
    const returnTo = request.session?.data.returnTo;
    if (request.session) await deps.sessions.end(request.session.id);
    const { cookieToken } = await deps.sessions.create({
      userId,
      stage,
      data: returnTo ? { returnTo } : {},
    });
    setSessionCookie(reply, deps.config, cookieToken);
    if (stage === 'active') return reply.redirect(returnTo ?? '/home');
    return reply.redirect(STAGE_PAGES[stage as keyof typeof STAGE_PAGES]);
  };
}

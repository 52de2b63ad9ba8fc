import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../domain/clock.ts';
import type { SessionStore } from './sessions.ts';

/** A sensitive action needs a second factor confirmed within this many minutes. */
export const STEP_UP_MINUTES = 5;

export function isFreshlyConfirmed(stepUpAt: Date | null, now: Date): boolean {
  return stepUpAt !== null && now.getTime() - stepUpAt.getTime() <= STEP_UP_MINUTES * 60_000;
}

/**
 * Step-up for sensitive actions (role changes, disclosures without consent, identifiable
 * exports). Returns true when the user confirmed a code within the last few minutes; otherwise
 * sends them to confirm one and come back to `returnTo` (a path of ids only), and returns false.
 */
export function stepUp(sessions: SessionStore, clock: Clock) {
  return async function requireFreshCode(
    request: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
  ): Promise<boolean> {
    const session = request.session;
    if (session && isFreshlyConfirmed(session.stepUpAt, clock.now())) return true;
    if (session) await sessions.update(session.id, { data: { ...session.data, returnTo } });
    await reply.redirect('/confirm-code');
    return false;
  };
}

export type RequireFreshCode = ReturnType<typeof stepUp>;

import type { RoleAssignment } from '../../domain/permissions.ts';
import type { Profession, Role, Side } from '../../domain/roles.ts';
import type { PendingAction, PendingStepUp, SsoLogin } from './oidc/pending.ts';

/** The signed-in user as every handler sees them, read afresh on each request. */
export interface Principal {
  userId: string;
  name: string;
  email: string;
  /** The one side of the service the account is on (null only for an account with no role). */
  side: Side | null;
  /** Each role where it is held: in a hub, or nationally (hubId null). */
  assignments: RoleAssignment[];
  /** Every role held anywhere: what a route's permission is checked against. */
  roles: Role[];
  /** Every hub in which any role is held. */
  hubIds: string[];
  profession: Profession | null;
  sessionId: string;
}

/** The server-side session behind the cookie (sign-in may be part-way through). */
export interface SessionState {
  id: string;
  userId: string | null;
  stage: 'anonymous' | 'password' | 'enrol' | 'terms' | 'active';
  csrfToken: string;
  data: SessionData;
  stepUpAt: Date | null;
}

/** Small, non-personal values a sign-in journey carries between pages. */
export interface SessionData {
  pendingTotpSecret?: string;
  returnTo?: string;
  /** A single sign-on in flight: what the provider's answer must match (never in a cookie). */
  sso?: { provider: string; state: string; nonce: string; codeVerifier: string };
  /** Signed in by single sign-on: step-up goes back to that provider (oidc/pending.ts). */
  ssoLogin?: SsoLogin;
  /** A single sign-on step-up in flight, with the action it interrupted. */
  ssoStepUp?: PendingStepUp;
  /** A step-up done: the interrupted form, shown once to be confirmed. */
  ssoStepUpDone?: PendingAction;
  /** A passkey ceremony in flight: its challenge, for this user only, used once. */
  passkeyChallenge?: { userId: string; challenge: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionState | null;
    principal: Principal | null;
  }
}

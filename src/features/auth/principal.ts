import type { Profession, Role } from '../../domain/roles.ts';

/** The signed-in user as every handler sees them, read afresh on each request. */
export interface Principal {
  userId: string;
  name: string;
  email: string;
  roles: Role[];
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
}

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionState | null;
    principal: Principal | null;
  }
}

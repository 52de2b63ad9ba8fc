import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { registerRoutes, type RouteRuntime } from '../../web/routes.ts';
import type { SignInService } from '../auth/service.ts';
import type { SessionStore } from '../auth/sessions.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import { passkeyRoutes } from '../passkeys/routes.ts';
import type { PasskeyService } from '../passkeys/service.ts';
import { passwordResetRoutes } from '../password-reset/routes.ts';
import { passwordResetService } from '../password-reset/service.ts';
import { accountRoutes } from './routes.ts';
import { accountService } from './service.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * The account pages (docs/accounts.md): a user's own password, passkeys and sessions, and the
 * password reset an administrator issues. Also serves the passkey library to the browser from
 * Cicero itself (no third party), for /assets/passkeys.js.
 */
export async function registerAccounts(
  app: FastifyInstance,
  runtime: RouteRuntime,
  deps: {
    db: Kysely<DB>;
    clock: Clock;
    config: Config;
    sessions: SessionStore;
    signIn: SignInService;
    passkeys: PasskeyService;
    requireFreshCode: RequireFreshCode;
  },
): Promise<void> {
  const { db, clock, sessions } = deps;
  await app.register(fastifyStatic, {
    root: join(root, 'node_modules', '@simplewebauthn', 'browser', 'esm'),
    prefix: '/assets/webauthn/',
    decorateReply: false,
    index: false,
    list: false,
    allowedPath: (path) => path.endsWith('.js'),
    maxAge: deps.config.nodeEnv === 'production' ? '1d' : 0,
  });
  const accounts = accountService(db, clock, sessions);
  const resets = passwordResetService(db, clock, sessions);
  registerRoutes(app, runtime, accountRoutes({ ...deps, accounts }));
  registerRoutes(app, runtime, passwordResetRoutes({ ...deps, resets }));
  registerRoutes(app, runtime, passkeyRoutes({ ...deps, accounts, resets }));
}

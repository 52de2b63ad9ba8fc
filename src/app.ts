import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Clock } from './domain/clock.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { actorFor } from './features/auth/actor.ts';
import { accountQueries } from './features/auth/accounts.ts';
import { registerGuard } from './features/auth/guard.ts';
import type { HomeLink } from './features/auth/presenter.ts';
import { authRoutes } from './features/auth/routes.ts';
import { signInService } from './features/auth/service.ts';
import { sessionStore } from './features/auth/sessions.ts';
import { healthRoutes } from './features/health/routes.ts';
import { informationPageRoutes } from './features/pages/routes.ts';
import { allocationRoutes } from './features/allocation/routes.ts';
import { caseRoutes } from './features/cases/routes.ts';
import { consentRoutes } from './features/consent/routes.ts';
import { triageRoutes } from './features/triage/routes.ts';
import { registerErrorPages } from './web/errors.ts';
import { loggerOptions, logRequests } from './web/logging.ts';
import { ASSET_PREFIX, registerRoutes, requireDeclarations } from './web/routes.ts';
import { createViews, registerViews } from './web/views.ts';

export interface AppDependencies {
  config: Config;
  database: Database;
  clock: Clock;
  /** Tests pass a logger that captures lines; otherwise pino writes JSON to stdout. */
  logger?: FastifyBaseLogger;
}

const root = join(import.meta.dirname, '..');

/** The one composition root: every service and route is wired here. */
export async function buildApp({
  config,
  database,
  clock,
  logger,
}: AppDependencies): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = logger ?? pino(loggerOptions(config.logLevel));
  const app = Fastify({
    loggerInstance,
    // Our own one line per request (web/logging.ts) replaces Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    trustProxy: config.secureCookies,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });

  requireDeclarations(app);
  logRequests(app);

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.secureCookies
      ? { maxAge: 31536000, includeSubDomains: true }
      : false,
  });
  // Pages carry personal data: nothing dynamic is ever stored by a browser or a proxy.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.url.startsWith(ASSET_PREFIX)) reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });

  await app.register(fastifyCookie, { secret: config.sessionSecret });
  await app.register(fastifyFormbody);
  await app.register(fastifyStatic, {
    root: [
      join(root, 'src', 'web', 'public'),
      join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk', 'assets'),
      join(root, 'node_modules', 'govuk-frontend', 'dist', 'govuk'),
      join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj'),
      join(root, 'node_modules', '@ministryofjustice', 'frontend', 'moj', 'assets'),
    ],
    prefix: ASSET_PREFIX,
    index: false,
    list: false,
    allowedPath: (path) =>
      !/\.(scss|map|njk|md|json)$/.test(path) || path.endsWith('manifest.json'),
    maxAge: config.nodeEnv === 'production' ? '1d' : 0,
  });

  registerViews(app, createViews({ watch: false }), { demo: config.demo });
  registerErrorPages(app);

  const { db } = database;
  const sessions = sessionStore(db, clock, {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
  });
  registerGuard(app, { db, clock, config, sessions });
  const accounts = accountQueries(db);

  // What each capability offers on the home page, shown to those whose roles allow it.
  const homeLinks: HomeLink[] = [
    {
      permission: 'triage.decide',
      text: 'Triage queue',
      href: '/triage',
      description: "Requests waiting for your hub's triage decision.",
    },
    {
      permission: 'case.work',
      text: 'Cases',
      href: '/cases',
      description: 'Your cases and the cases of your hub.',
    },
    {
      permission: 'audit.read',
      text: 'Audit log',
      href: '/audit',
      description: 'Who read or changed what, and when: search, access logs of records, downloads.',
    },
  ];

  registerRoutes(app, healthRoutes(database));
  registerRoutes(app, informationPageRoutes());
  registerRoutes(
    app,
    authRoutes({
      config,
      clock,
      sessions,
      signIn: signInService(db, clock),
      homeLinks,
      demoAccounts: accounts.demoAccounts,
      providers: [],
      userEmail: accounts.emailOf,
    }),
  );

  registerRoutes(app, triageRoutes({ db, clock }));
  registerRoutes(app, allocationRoutes({ db, clock }));
  registerRoutes(app, caseRoutes({ db, clock }));
  registerRoutes(app, consentRoutes({ db, clock }));
  registerRoutes(
    app,
    auditRoutes({
      database,
      clock,
      actorOf: (request) => actorFor(request, { permission: 'audit.read' }),
    }),
  );

  return app;
}

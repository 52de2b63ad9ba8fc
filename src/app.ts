import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Clock } from './domain/clock.ts';
import { caseRouteRuntime } from './access/case-route.ts';
import { apiRoutes } from './features/api/routes.ts';
import { adviceRoutes } from './features/advice/routes.ts';
import { adminHomeLinks, adminRoutes } from './features/admin/routes.ts';
import { hubAdmin } from './features/admin/hub-service.ts';
import { userAdmin } from './features/admin/user-service.ts';
import { registerBearerGuard } from './features/api-clients/bearer-guard.ts';
import { clientHomeLinks, clientRoutes } from './features/api-clients/client-routes.ts';
import { clientAdmin } from './features/api-clients/client-service.ts';
import { tokenRoutes } from './features/api-clients/token-routes.ts';
import { tokenService } from './features/api-clients/token-service.ts';
import { auditRoutes } from './features/audit/routes.ts';
import { reviewRoutes } from './features/audit/reviews-routes.ts';
import { registerAccounts } from './features/account/register.ts';
import { accountQueries } from './features/auth/accounts.ts';
import { registerGuard } from './features/auth/guard.ts';
import { oidcClient, type OidcClient } from './features/auth/oidc/client.ts';
import { ssoRoutes } from './features/auth/oidc/routes.ts';
import { ssoService } from './features/auth/oidc/service.ts';
import { ssoStepUp } from './features/auth/oidc/step-up.ts';
import type { HomeLink } from './features/auth/presenter.ts';
import { authRoutes } from './features/auth/routes.ts';
import { signInService } from './features/auth/service.ts';
import { sessionStore } from './features/auth/sessions.ts';
import { closureHomeLinks, closureRoutes } from './features/closure/routes.ts';
import { registerStepUpCheck, stepUp } from './features/auth/step-up.ts';
import { passkeyService } from './features/passkeys/service.ts';
import { disclosureHomeLinks, disclosureRoutes } from './features/disclosures/routes.ts';
import { healthRoutes } from './features/health/routes.ts';
import { notificationRoutes, registerUnreadCount } from './features/notifications/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { registerNavigation } from './features/home/navigation-hook.ts';
import { informationPageRoutes } from './features/pages/routes.ts';
import { allocationRoutes } from './features/allocation/routes.ts';
import { caseRoutes } from './features/cases/routes.ts';
import { casePageRegistry } from './app-case-page.ts';
import { printingRoutes } from './features/printing/routes.ts';
import { letterRoutes } from './features/letters/routes.ts';
import { loadLetterTemplates } from './features/letters/templates.ts';
import { documentRoutes, isUploadRoute } from './features/documents/routes.ts';
import { registerUploadRoutes } from './features/documents/uploads.ts';
import { fhirRoutes } from './features/fhir/routes.ts';
import { consentRoutes } from './features/consent/routes.ts';
import { formulationHomeLinks, formulationRoutes } from './features/formulation/routes.ts';
import { loadInstrumentTemplates } from './features/formulation/templates.ts';
import { liaisonRoutes } from './features/liaison/routes.ts';
import { contactRoutes } from './features/contacts/routes.ts';
import { contactHomeLinks, weekRoutes } from './features/contacts/week-routes.ts';
import { noteRoutes } from './features/notes/routes.ts';
import { retentionRoutes } from './features/retention/routes.ts';
import { subjectAccessRoutes } from './features/subject-access/routes.ts';
import { meetingRoutes } from './features/meetings/routes.ts';
import { triageRoutes } from './features/triage/routes.ts';
import { policeUpdateRoutes } from './features/police-updates/routes.ts';
import { planHomeLinks, planRoutes } from './features/plans/routes.ts';
import { supervisionHomeLinks, supervisionRoutes } from './features/supervision/routes.ts';
import { reassignmentHomeLinks, reassignmentRoutes } from './features/reassignment/routes.ts';
import { searchRoutes } from './features/search/routes.ts';
import { personHistoryRoutes } from './features/person-history/routes.ts';
import { statisticsHomeLinks, statisticsRoutes } from './features/statistics/routes.ts';
import { openReporting } from './db/reporting.ts';
import { loadConcernTypes } from './features/requests/options.ts';
import { requestHomeLinks, requestRoutes } from './features/requests/routes.ts';
import { registerErrorPages } from './web/errors.ts';
import { registerFormBodyParser } from './web/form-body.ts';
import { registerInputHygiene } from './web/input.ts';
import { loggerOptions, logRequests } from './web/logging.ts';
import { ASSET_PREFIX, listRoutes, registerRoutes, requireDeclarations } from './web/routes.ts';
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
  // A template file with an error stops the start here, naming the file and the field.
  const instrumentTemplates = loadInstrumentTemplates(config.instrumentsDir);
  const loggerInstance: FastifyBaseLogger = logger ?? pino(loggerOptions(config.logLevel));
  const app = Fastify({
    loggerInstance,
    // Our own one line per request (web/logging.ts) replaces Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    // Only the configured proxies' X-Forwarded-For is believed (TRUST_PROXY; off by default).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    // A slow or idle client cannot hold a connection open (see the README's configuration).
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    connectionTimeout: config.timeouts.connectionMs,
    http: {
      requestTimeout: config.timeouts.requestMs,
      headersTimeout: config.timeouts.headersMs,
      // How often Node checks the two above (its default, 30 s, would blur short timeouts).
      connectionsCheckingInterval: Math.min(1000, Math.max(50, config.timeouts.headersMs / 4)),
    },
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
        // Single sign-on posts to Cicero, which redirects to the provider: CSP checks that hop.
        formAction: [
          "'self'",
          ...new Set(config.oidcProviders.map((p) => new URL(p.issuer).origin)),
        ],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // DENY, agreeing with frame-ancestors 'none' for browsers that only read this header.
    xFrameOptions: { action: 'deny' },
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
  registerFormBodyParser(app);
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
  registerInputHygiene(app);

  const { db } = database;
  // Statistics read from a streaming replica when REPORTING_DATABASE_URL names one.
  const reporting = openReporting(database, clock, config.reportingDatabaseUrl);
  app.addHook('onClose', () => reporting.close());
  const sessions = sessionStore(db, clock, {
    idleMinutes: config.sessionIdleMinutes,
    absoluteHours: config.sessionAbsoluteHours,
  });
  // API clients (bearer tokens) first: on /api/v1/ the session guard reads no cookie.
  const clients = clientAdmin(db, clock);
  const tokens = tokenService(db, clock, clients);
  await registerBearerGuard(app, { db, clock, tokens, perMinute: config.apiRateLimitPerMinute });
  registerGuard(app, { db, clock, config, sessions });
  // The header's "Notifications (n)": after the guard, which sets `signedIn`.
  registerUnreadCount(app, db);
  // The service navigation of each page (src/features/home/navigation.ts), after the guard.
  registerNavigation(app);
  const accounts = accountQueries(db);
  const runtime = caseRouteRuntime(db, clock);

  // Single sign-on: one client per configured identity provider, discovered in the background.
  const ssoClients = new Map<string, OidcClient>(
    config.publicUrl
      ? config.oidcProviders.map((p) => [p.id, oidcClient(p, config.publicUrl!)] as const)
      : [],
  );
  const sso = ssoService(db, clock);
  const ssoStepUpFlow = ssoStepUp({ sessions, clock, sso, clients: ssoClients });
  app.addHook('onReady', (done) => {
    for (const client of ssoClients.values()) {
      client.warmUp((error) =>
        app.log.warn(
          { provider: client.provider.id, err: { type: (error as Error)?.name } },
          'identity provider discovery failed; will retry on use',
        ),
      );
    }
    done();
  });

  // What each capability offers on the home page, shown to those whose roles allow it.
  const homeLinks: HomeLink[] = [
    ...adminHomeLinks,
    ...clientHomeLinks,
    ...requestHomeLinks,
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
    ...planHomeLinks,
    ...closureHomeLinks,
    ...formulationHomeLinks,
    ...supervisionHomeLinks,
    ...reassignmentHomeLinks,
    ...disclosureHomeLinks,
    ...statisticsHomeLinks,
    ...contactHomeLinks,
    {
      permission: 'audit.read',
      text: 'Audit log',
      href: '/audit',
      description: 'Who read or changed what, and when: search, access logs of records, downloads.',
    },
  ];

  registerRoutes(app, runtime, healthRoutes(database));
  registerRoutes(app, runtime, tokenRoutes({ config, tokens }));
  registerRoutes(
    app,
    runtime,
    informationPageRoutes({ demo: config.demo, demoAccounts: accounts.demoAccounts }),
  );
  const signIn = signInService(db, clock, { demo: config.demo });
  const passkeys = passkeyService(db, clock, sessions, config);
  registerStepUpCheck(app, { sessions, clock, signIn, passkeys });
  registerRoutes(
    app,
    runtime,
    authRoutes({
      config,
      clock,
      sessions,
      signIn,
      demoAccounts: accounts.demoAccounts,
      providers: [...ssoClients.values()].map((c) => ({
        id: c.provider.id,
        name: c.provider.name,
      })),
      userEmail: accounts.emailOf,
      passkeys,
    }),
  );
  await registerAccounts(app, runtime, {
    ...{ db, clock, config, sessions, signIn, passkeys },
    requireFreshCode: stepUp(sessions, clock, ssoStepUpFlow),
  });
  registerRoutes(app, runtime, notificationRoutes({ db, clock }));
  registerRoutes(app, runtime, homeRoutes({ db, clock, homeLinks }));
  registerRoutes(app, runtime, adviceRoutes({ db, clock }));
  registerRoutes(app, runtime, policeUpdateRoutes({ db, clock }));
  registerRoutes(app, runtime, closureRoutes({ db, clock }));
  registerRoutes(app, runtime, supervisionRoutes({ db, clock }));
  registerRoutes(app, runtime, reassignmentRoutes({ db, clock }));
  registerRoutes(app, runtime, searchRoutes({ db, clock }));
  registerRoutes(app, runtime, personHistoryRoutes({ db, clock }));
  const parallel = database.kind === 'postgres'; // statistics on several connections at once
  registerRoutes(app, runtime, statisticsRoutes({ db, clock, parallel, reporting }));

  registerRoutes(
    app,
    runtime,
    ssoRoutes({ config, db, clock, sessions, sso, clients: ssoClients, stepUp: ssoStepUpFlow }),
  );
  registerRoutes(app, runtime, triageRoutes({ db, clock }));
  registerRoutes(app, runtime, allocationRoutes({ db, clock }));
  const casePage = casePageRegistry();
  registerRoutes(app, runtime, caseRoutes({ db, clock, ...casePage }));
  // The case summary as PDF is made from the case page's own panels and timeline sources.
  // Identifiable downloads ask a reason, then a fresh code (audit/export-reason.ts).
  const requireFreshCode = stepUp(sessions, clock, ssoStepUpFlow);
  registerRoutes(
    app,
    runtime,
    printingRoutes({ db, clock, views: createViews(), casePage, requireFreshCode }),
  );
  registerRoutes(
    app,
    runtime,
    letterRoutes({ db, clock, templates: loadLetterTemplates(join(root, 'config', 'letters')) }),
  );
  registerRoutes(app, runtime, consentRoutes({ db, clock }));
  registerRoutes(app, runtime, formulationRoutes({ db, clock, templates: instrumentTemplates }));
  registerRoutes(app, runtime, liaisonRoutes({ db, clock }));
  registerRoutes(app, runtime, contactRoutes({ db, clock }));
  registerRoutes(app, runtime, noteRoutes({ db, clock }));
  registerRoutes(
    app,
    runtime,
    retentionRoutes({ db, clock, config, freshCode: stepUp(sessions, clock, ssoStepUpFlow) }),
  );
  registerRoutes(app, runtime, subjectAccessRoutes({ db, clock, freshCode: requireFreshCode }));
  registerRoutes(app, runtime, weekRoutes({ db, clock }));
  // Documents: the two upload POSTs take multipart bodies, in a scope of their own (ADR 0011).
  const documents = documentRoutes({ db, clock });
  registerRoutes(
    app,
    runtime,
    documents.filter((r) => !isUploadRoute(r)),
  );
  await registerUploadRoutes(app, runtime, documents.filter(isUploadRoute));
  registerRoutes(app, runtime, meetingRoutes({ db, clock }));
  registerRoutes(
    app,
    runtime,
    disclosureRoutes({ db, clock, requireFreshCode: stepUp(sessions, clock, ssoStepUpFlow) }),
  );
  registerRoutes(app, runtime, planRoutes({ db, clock }));
  registerRoutes(app, runtime, fhirRoutes({ db, clock }));
  registerRoutes(
    app,
    runtime,
    adminRoutes({
      users: userAdmin(db, clock, sessions),
      hubs: hubAdmin(db, clock),
      requireFreshCode: stepUp(sessions, clock, ssoStepUpFlow),
    }),
  );
  registerRoutes(
    app,
    runtime,
    requestRoutes({
      db,
      clock,
      concernTypes: loadConcernTypes(join(root, 'config', 'concern-types.json')),
    }),
  );
  registerRoutes(app, runtime, auditRoutes({ database, clock, requireFreshCode }));
  registerRoutes(app, runtime, reviewRoutes({ db, clock }));
  registerRoutes(
    app,
    runtime,
    clientRoutes({
      clients,
      hubOptions: () => userAdmin(db, clock, sessions).hubOptions(),
      requireFreshCode: stepUp(sessions, clock, ssoStepUpFlow),
    }),
  );
  // The JSON API (docs/api.md): its routes and their OpenAPI description, read from the routes.
  registerRoutes(
    app,
    runtime,
    apiRoutes({
      db,
      clock,
      concernTypes: loadConcernTypes(join(root, 'config', 'concern-types.json')),
      parallel,
      reporting,
      routes: () => listRoutes(app),
    }),
  );

  return app;
}

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import { STATES, type CaseState } from '../../src/domain/case-state.ts';
import { ROLES, SIDE_OF, SIDES, type Side } from '../../src/domain/roles.ts';
import { sessionStore, type SessionStore } from '../../src/features/auth/sessions.ts';
import { createDraft } from '../../src/features/requests/drafts.ts';
import { SECTION_SLUGS } from '../../src/features/requests/urls.ts';
import { listRoutes, type RouteListing } from '../../src/web/routes.ts';
import { testApp, type TestApp } from '../support/app.ts';
import { createUser, hubId } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import { contentChecksum, changedTables } from './support.ts';

/**
 * A populated app for probing every route: a user holding every role in the WM hub (so any
 * route's permission lets them through to its validator), a case of that hub in every state,
 * a draft, and the same in the NW hub for the other-hub probes.
 */
export interface World {
  t: TestApp;
  db: Kysely<DB>;
  sessions: SessionStore;
  everyone: string;
  /** The account of each side that holds every role of that side in WM. */
  bySide: Record<Side, string>;
  /** Real ids for path parameters, by parameter name. */
  params: Record<string, string[]>;
  /** The same, for records of another hub (NW) the user must not reach. */
  otherHubParams: Record<string, string[]>;
  /** Every POST, PUT, PATCH and DELETE route, from the app's route table. */
  changing: RouteListing[];
  close(): Promise<void>;
}

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildWorld(): Promise<World> {
  const t = await testApp();
  const db = t.database.db;
  const sessions = sessionStore(db, t.clock, {
    idleMinutes: t.config.sessionIdleMinutes,
    absoluteHours: t.config.sessionAbsoluteHours,
  });
  // One account per side, holding every role of that side in WM: no account may hold two.
  const bySide = {} as Record<Side, string>;
  for (const side of SIDES) {
    bySide[side] = (
      await createUser(db, {
        roles: ROLES.filter((role) => SIDE_OF[role] === side),
        hubCodes: ['WM'],
        profession: side === 'health' ? 'mental_health_nurse' : null,
        name: `Every ${side} role`,
      })
    ).id;
  }
  const everyone = bySide.police;
  const colleague = (
    await createUser(db, {
      roles: ['clinician'],
      hubCodes: ['WM'],
      name: 'Colleague',
    })
  ).id;
  const stranger = (
    await createUser(db, {
      roles: ['case_officer'],
      hubCodes: ['NW'],
      name: 'Stranger',
    })
  ).id;
  const casesOf = async (hubCode: string, requestedBy: string) => {
    const ids: string[] = [];
    for (const status of STATES as readonly CaseState[]) {
      ids.push((await insertCase(db, { hubCode, requestedBy, status })).caseId);
    }
    return ids;
  };
  const wmHub = await hubId(db, 'WM');
  const nwHub = await hubId(db, 'NW');
  const mine = await casesOf('WM', everyone);
  const theirs = await casesOf('NW', stranger);
  const draft = await createDraft(db, t.clock, { userId: everyone, hubIds: [wmHub] });
  const otherDraft = await createDraft(db, t.clock, { userId: stranger, hubIds: [nwHub] });
  const changing = listRoutes(t.app).filter((r) => !SAFE_METHODS.has(r.method));
  return {
    t,
    db,
    sessions,
    everyone,
    bySide,
    // A parameter this file does not know yet (a new route) gets an id of nothing: the route is
    // still probed, through the guard to its not-found answer.
    params: withFallback({
      hubId: [wmHub],
      versionNumber: ['1'],
      caseId: mine,
      draftId: [draft],
      id: [colleague, wmHub],
      section: Object.values(SECTION_SLUGS),
      providerId: ['none'],
      subjectType: ['case'],
      subjectId: mine,
    }),
    otherHubParams: {
      caseId: theirs,
      draftId: [otherDraft],
      subjectId: theirs,
    },
    changing,
    close: () => t.close(),
  };
}

function withFallback(known: Record<string, string[]>): Record<string, string[]> {
  return new Proxy(known, {
    get: (target, name) =>
      typeof name === 'string' && !(name in target) ? [randomUUID()] : target[name as string],
  });
}

/** The side whose roles use a path: police pages, service desk, oversight, else health. */
export function sideFor(url: string): Side {
  if (/^\/(requests|supervision|guidance|disclosures\/received)/.test(url)) return 'police';
  if (url.startsWith('/admin')) return 'service';
  if (/^\/(audit|retention|subject-access|statistics(?!\/hubs))/.test(url)) return 'oversight';
  return 'health';
}

/**
 * A fresh session with a fresh security code: signed in as the every-role account of the side
 * that uses `url` (one account holds one side only), or anonymous.
 */
export async function sessionFor(world: World, signedIn = true, url = '/cases') {
  const { cookieToken, session } = await world.sessions.create({
    userId: signedIn ? world.bySide[sideFor(url)] : null,
    stage: signedIn ? 'active' : 'anonymous',
  });
  // A security code just confirmed: routes that ask for one again let the body through.
  if (signedIn) await world.sessions.update(session.id, { stepUpAt: world.t.clock.now() });
  return { cookie: `cicero_session=${cookieToken}`, csrf: session.csrfToken };
}

/** Path parameter names of a route pattern. */
export const paramsOf = (url: string): string[] =>
  [...url.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);

/** The route's URL with each parameter replaced by pick(name). */
export function fill(url: string, pick: (name: string) => string): string {
  return url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => encodeURIComponent(pick(name)));
}

/**
 * Audit actions that mean a record was written: never by a refused request. (Consultation and
 * combination rows log what a page showed, which a refused form's page does again.)
 */
export const WRITE_ACTIONS = new Set(['collection', 'alteration', 'erasure', 'admin']);

/** How many audit rows record a write. */
async function auditWriteCount(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', 'in', [...WRITE_ACTIONS])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The content checksum and the count of audit rows recording a write, read together. */
async function state(db: Kysely<DB>) {
  const [content, auditWrites] = await Promise.all([contentChecksum(db), auditWriteCount(db)]);
  return { content, auditWrites };
}

/**
 * Runs `call` and says what it wrote: the tables whose content changed (sessions and the audit
 * log aside) and how many audit rows recording a write it added.
 */
export async function watchWrites<T>(
  db: Kysely<DB>,
  call: () => Promise<T>,
): Promise<{ result: T; changed: string[]; auditWrites: number }> {
  return (await writeWatcher(db)).watch(call);
}

/**
 * watchWrites for many calls in a row: each call's "after" is the next one's "before", so a
 * call costs one read of the checksum. Nothing else may write meanwhile (sessions aside).
 */
export async function writeWatcher(db: Kysely<DB>) {
  let last = await state(db);
  return {
    async watch<T>(call: () => Promise<T>) {
      const before = last;
      const result = await call();
      last = await state(db);
      return {
        result,
        changed: changedTables(before.content, last.content),
        auditWrites: last.auditWrites - before.auditWrites,
      };
    },
  };
}

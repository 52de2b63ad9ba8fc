import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import { createDraft, findDraft, saveSection } from '../../src/features/requests/drafts.ts';
import { sealAudit } from '../../src/features/audit/seal.ts';
import { anchorsEnv, testAnchors, waitUntilSealable } from '../../src/features/audit/testing.ts';
import { createUser, hubId } from '../support/auth.ts';
import { testDatabase } from '../support/database.ts';
import { completeAnswers } from '../support/requests.ts';
import {
  Browser,
  csrfOf,
  NEEDS_POSTGRES,
  repoRoot,
  requestSectionForms,
  startAppProcess,
  urlOf,
  type AppProcess,
} from './support.ts';

/**
 * kill -9 of the real application process in the middle of a burst of request submissions over
 * HTTP. PostgreSQL's transactions are the whole defence: after a restart no record is half
 * written, every acknowledged submission is there, the audit chain verifies, and retrying a
 * submission with its idempotency key creates nothing twice.
 */
const BURST = Number(process.env.CRASH_BURST ?? 30);
const CONCURRENCY = 8;

let database: Database;
let url: string;
let app: AppProcess | undefined;
// The server's sealer job, the test and the CLI share one audit key and checkpoint folder.
const anchors = testAnchors();

before(async () => {
  if (NEEDS_POSTGRES) return;
  database = await testDatabase();
  url = await urlOf(database);
});
after(async () => {
  if (app && app.child.exitCode === null) {
    app.child.kill('SIGKILL');
    await app.exited;
  }
  await database?.close();
});

async function signInOver(
  browser: Browser,
  user: { email: string; password: string; totpSecret: string },
) {
  let page = await browser.request('GET', '/sign-in');
  const password = await browser.request('POST', '/sign-in', {
    _csrf: csrfOf(page.body),
    email: user.email,
    password: user.password,
  });
  assert.equal(password.status, 302, password.body.slice(0, 300));
  page = await browser.request('GET', '/sign-in/code');
  const code = await browser.request('POST', '/sign-in/code', {
    _csrf: csrfOf(page.body),
    code: totpCode(user.totpSecret, new Date()),
  });
  assert.equal(code.status, 302);
  const home = await browser.request('GET', '/home');
  assert.equal(home.status, 200);
  return csrfOf(home.body);
}

function cli(command: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', command], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      ...anchorsEnv(anchors),
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test(
  'kill -9 during a burst of submissions: nothing half written, nothing acknowledged lost, nothing twice',
  { skip: NEEDS_POSTGRES, timeout: 180_000 },
  async () => {
    const user = await createUser(database.db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const officer = { userId: user.id, hubIds: [await hubId(database.db, 'WM')] };
    // Complete drafts, each about a different synthetic person, ready to submit.
    const drafts: { id: string; key: string }[] = [];
    for (let i = 0; i < BURST; i++) {
      const id = await createDraft(database.db, systemClock, officer);
      const answers = completeAnswers();
      answers.person = { ...answers.person, givenName: `Crash${i}`, familyName: `Person${i}` };
      for (const section of ['person', 'prevent', 'referral', 'concerns', 'urgency'] as const) {
        assert.ok(
          await saveSection(
            { db: database.db, clock: systemClock },
            { officer, draftId: id, section, value: answers[section] },
          ),
        );
      }
      const draft = await findDraft(database.db, systemClock, officer, id);
      drafts.push({ id, key: draft!.idempotencyKey });
    }

    app = await startAppProcess({ DATABASE_URL: url, ...anchorsEnv(anchors) });
    const browser = new Browser(app.baseUrl);
    const csrf = await signInOver(browser, user);

    // The burst: submissions, and new drafts filled in over HTTP, CONCURRENCY at a time.
    const acknowledged = new Set<string>();
    const killAfter = Math.max(3, Math.floor(BURST / 4));
    let killed = false;
    let cutOff = 0;
    const queue = [...drafts];
    const submitter = async () => {
      for (;;) {
        const next = queue.shift();
        if (!next || killed) return;
        try {
          const response = await browser.request('POST', `/requests/drafts/${next.id}/submit`, {
            _csrf: csrf,
            idempotencyKey: next.key,
          });
          if (response.status === 303) acknowledged.add(next.key);
          else assert.fail(`submission answered ${response.status}`);
        } catch (error) {
          if (!killed) throw error;
          cutOff++;
        }
        if (!killed && acknowledged.size >= killAfter) {
          killed = true;
          app!.child.kill('SIGKILL');
        }
      }
    };
    const filler = async (n: number) => {
      try {
        const started = await browser.request('POST', '/requests/new', { _csrf: csrf });
        if (started.status !== 303) return;
        for (const [slug, fields] of requestSectionForms(n)) {
          if (killed) return;
          await browser.request('POST', `${started.location}/${slug}`, { _csrf: csrf, ...fields });
        }
      } catch (error) {
        if (!killed) throw error;
      }
    };
    await Promise.all([
      ...Array.from({ length: CONCURRENCY }, submitter),
      ...Array.from({ length: 3 }, (_, n) => filler(n)),
    ]);
    const exit = await app.exited;
    assert.equal(exit.signal, 'SIGKILL', 'the process was killed, not stopped');
    assert.ok(
      acknowledged.size >= killAfter && acknowledged.size < BURST,
      `killed mid-burst (${acknowledged.size} of ${BURST} acknowledged)`,
    );
    assert.ok(cutOff > 0, 'submissions were in flight when the process died');

    // Restart on the same database.
    app = await startAppProcess(
      { DATABASE_URL: url, ...anchorsEnv(anchors) },
      { port: Number(new URL(app.baseUrl).port) },
    );

    const invariants = async () => {
      const broken = (
        await sql<{ problem: string; n: number }>`
        SELECT 'case without its support request' AS problem, count(*)::int AS n FROM cases c
          WHERE NOT EXISTS (SELECT 1 FROM support_requests s WHERE s.case_id = c.id)
        UNION ALL SELECT 'support request without its case', count(*)::int FROM support_requests s
          WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id)
        UNION ALL SELECT 'case without its collection audit row', count(*)::int FROM cases c
          WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.subject_type = 'support_request'
                            AND a.subject_id = c.id::text AND a.action = 'collection')
        UNION ALL SELECT 'person without a case', count(*)::int FROM people p
          WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.person_id = p.id)
        UNION ALL SELECT 'person without its collection audit row', count(*)::int FROM people p
          WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.subject_type = 'person'
                            AND a.subject_id = p.id::text)
        UNION ALL SELECT 'draft still there after its submission', count(*)::int FROM request_drafts d
          JOIN cases c ON c.idempotency_key = d.idempotency_key
        UNION ALL SELECT 'idempotency key used twice', count(*)::int FROM
          (SELECT idempotency_key FROM cases GROUP BY idempotency_key HAVING count(*) > 1) k
        UNION ALL SELECT 'reference used twice', count(*)::int FROM
          (SELECT reference FROM cases GROUP BY reference HAVING count(*) > 1) r`.execute(
          database.db,
        )
      ).rows.filter((r) => r.n > 0);
      assert.deepEqual(broken, [], 'no half-written record');
    };
    await invariants();

    const keys = drafts.map((d) => d.key);
    const stored = new Set(
      (
        await database.db
          .selectFrom('cases')
          .select('idempotency_key')
          .where('idempotency_key', 'in', keys)
          .execute()
      ).map((r) => r.idempotency_key),
    );
    for (const key of acknowledged)
      assert.ok(stored.has(key), 'every acknowledged submission survived');
    // Each draft is either submitted (a case, no draft) or untouched (a draft, no case).
    const left = new Set(
      (
        await database.db
          .selectFrom('request_drafts')
          .select('id')
          .where(
            'id',
            'in',
            drafts.map((d) => d.id),
          )
          .execute()
      ).map((r) => r.id),
    );
    for (const d of drafts)
      assert.notEqual(stored.has(d.key), left.has(d.id), 'submitted xor still a draft');

    // The officer's session lives in the database: it survives the crash. Every draft is
    // submitted again with the same key, as a browser retrying would.
    const again = await browser.request('GET', '/home');
    assert.equal(again.status, 200, 'the session survived the restart');
    const casesBefore = stored.size;
    for (const d of drafts) {
      const response = await browser.request('POST', `/requests/drafts/${d.id}/submit`, {
        _csrf: csrf,
        idempotencyKey: d.key,
      });
      assert.equal(response.status, 303, `retry of a submission: ${response.status}`);
      assert.match(response.location ?? '', /^\/requests\/[0-9a-f-]{36}\/sent$/);
    }
    const perKey = await database.db
      .selectFrom('cases')
      .select(['idempotency_key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('idempotency_key', 'in', keys)
      .groupBy('idempotency_key')
      .execute();
    assert.equal(perKey.length, BURST, 'every draft became a case');
    assert.ok(
      perKey.every((r) => Number(r.n) === 1),
      'none twice',
    );
    assert.ok(casesBefore < BURST);
    await invariants();

    // The audit chain: sealed after the crash, it verifies end to end.
    await waitUntilSealable(database.db);
    await sealAudit(database.db, systemClock, anchors);
    const verified = cli('verify-audit');
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    const events = await database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.match(verified.stdout, new RegExp(`Audit log verified: ${Number(events.n)} rows`));

    app.child.kill('SIGTERM');
    const stopped = await app.exited;
    assert.equal(stopped.code, 0, app.output());
  },
);

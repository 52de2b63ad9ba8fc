import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPage, postForm } from '../../../test/support/journey.ts';
import { hubId } from '../../../test/support/auth.ts';
import { runDueJobs, scheduleJobs } from '../../jobs/runner.ts';
import { scheduledJobs } from '../../jobs/schedule.ts';
import { recomputeAllRetention } from './recompute.ts';
import { mainText, retentionFixture, type RetentionFixture } from './testing.ts';

describe('records retention: the nightly job, the queue and keep decisions', () => {
  let f: RetentionFixture;
  before(async () => {
    f = await retentionFixture();
  });
  after(async () => {
    await f?.t.close();
  });

  it('the nightly job is scheduled and works out each clock with the domain rule', async () => {
    const { t, cases, reviews } = f;
    const db = () => t.database.db;
    const job = scheduledJobs({ audit: {} as never }).find((j) => j.name === 'retention.recompute');
    assert.ok(job);
    assert.equal(job.intervalSeconds, 24 * 60 * 60);
    // Through the job runner, as the service runs it.
    const logger = { info() {}, warn() {}, error() {} };
    await scheduleJobs(t.database, t.clock, [job]);
    await runDueJobs({ database: t.database, clock: t.clock, logger, jobs: [job] });
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('retention_reviews')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count(), 9); // five health clocks, four police clocks (one case is open)
    const run = await recomputeAllRetention(t.database, t.clock);
    assert.equal(run.cases, 5);
    assert.equal(run.rows, 9);
    assert.deepEqual(await reviews(cases.adult.caseId), {
      health: '2040-01-15',
      police: '2026-01-15',
    });
    assert.deepEqual(await reviews(cases.north.caseId), {
      health: '2039-02-01',
      police: '2025-03-01',
    });
    assert.deepEqual(await reviews(cases.child.caseId), {
      health: '2026-03-10',
      police: '2023-06-01',
    });
    assert.deepEqual(await reviews(cases.open.caseId), { health: '2046-05-28' });
    assert.deepEqual(await reviews(cases.old.caseId), {
      health: '2030-01-01',
      police: '2016-02-01',
    });
    // Running again replaces, never duplicates.
    assert.equal((await recomputeAllRetention(t.database, t.clock)).rows, 9);
    assert.equal(await count(), 9);
  });

  it('the queue lists what is due, oldest first, filtered by hub and clock, with no content', async () => {
    const { t, cases, ig, lead } = f;
    const db = () => t.database.db;
    const page = await getPage(t, ig, '/retention');
    assert.equal(page.statusCode, 200);
    const text = mainText(page.body);
    const order = [
      cases.old.reference, // police, 1 February 2016
      cases.child.reference, // police, 1 June 2023
      cases.north.reference, // police, 1 March 2025
      cases.adult.reference, // police, 15 January 2026
    ].map((ref) => text.indexOf(ref));
    assert.ok(
      order.every((i) => i >= 0),
      text,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.match(text, /5 due for review, oldest first/);
    assert.match(text, /1 June 2023/);
    assert.doesNotMatch(page.body, /CANARY|McTestface|Low mood/);
    assert.ok(!text.includes(cases.open.reference));

    const north = mainText(
      (await getPage(t, ig, `/retention?hub=${await hubId(db(), 'NW')}`)).body,
    );
    assert.ok(north.includes(cases.north.reference));
    assert.ok(!north.includes(cases.adult.reference));
    const health = mainText((await getPage(t, ig, '/retention?clock=health')).body);
    assert.match(health, /1 due for review/);
    assert.ok(health.includes(cases.child.reference));
    assert.ok(health.includes('10 March 2026'));
    assert.ok(!health.includes(cases.adult.reference));
    assert.equal((await getPage(t, ig, '/retention?clock=other')).statusCode, 400);
    // The queue is the IG officer's only.
    assert.notEqual((await getPage(t, lead, '/retention')).statusCode, 200);

    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'detail'])
      .where('subject_type', '=', 'retention_queue')
      .orderBy('occurred_at')
      .executeTakeFirstOrThrow();
    assert.equal(audit.action, 'consultation');
    assert.equal((audit.detail as { caseIds: string[] }).caseIds.length, 4);
  });

  it('a keep decision needs a reason and a date in range, then moves the clock', async () => {
    const { t, cases, reviews, ig } = f;
    const db = () => t.database.db;
    const { caseId } = cases.adult;
    const url = `/retention/${caseId}/police/keep`;
    const form = await getPage(t, ig, url);
    assert.equal(form.statusCode, 200);
    assert.match(mainText(form.body), /15 January 2026/);

    const empty = await postForm(t, ig, url, {});
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary/);
    assert.match(empty.body, /Enter why the records are kept/);
    assert.match(empty.body, /Enter the next review date/);

    const past = await postForm(t, ig, url, {
      reason: 'A complaint is open',
      'nextReviewOn-day': '1',
      'nextReviewOn-month': '6',
      'nextReviewOn-year': '2026',
    });
    assert.equal(past.statusCode, 400);
    assert.match(past.body, /The next review date must be the same as or after 2 June 2026/);

    const tooFar = await postForm(t, ig, url, {
      reason: 'A complaint is open',
      'nextReviewOn-day': '2',
      'nextReviewOn-month': '6',
      'nextReviewOn-year': '2032',
    });
    assert.equal(tooFar.statusCode, 400);
    assert.match(tooFar.body, /on or before 1 June 2032/);
    const notReal = await postForm(t, ig, url, {
      reason: 'A complaint is open',
      'nextReviewOn-day': '31',
      'nextReviewOn-month': '2',
      'nextReviewOn-year': '2028',
    });
    assert.equal(notReal.statusCode, 400);
    assert.match(notReal.body, /must be a real date/);

    const kept = await postForm(t, ig, url, {
      reason: 'A complaint is open',
      'nextReviewOn-day': '1',
      'nextReviewOn-month': '6',
      'nextReviewOn-year': '2028',
    });
    assert.equal(kept.statusCode, 303);
    assert.equal(kept.headers.location, '/retention');
    const decision = await db()
      .selectFrom('retention_decisions')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(decision.decision, 'keep');
    assert.equal(decision.clock, 'police');
    assert.equal(decision.next_review_on, '2028-06-01');
    assert.equal(decision.decided_by, ig.userId);
    // Moved at once, and the nightly job keeps it there.
    assert.equal((await reviews(caseId)).police, '2028-06-01');
    await recomputeAllRetention(t.database, t.clock);
    assert.deepEqual(await reviews(caseId), { health: '2040-01-15', police: '2028-06-01' });
    const queue = mainText((await getPage(t, ig, '/retention')).body);
    assert.ok(!queue.includes(cases.adult.reference));
    // No longer due: no second decision.
    assert.equal((await getPage(t, ig, url)).statusCode, 404);
    assert.equal(
      (
        await postForm(t, ig, url, {
          reason: 'Again',
          'nextReviewOn-day': '1',
          'nextReviewOn-month': '6',
          'nextReviewOn-year': '2028',
        })
      ).statusCode,
      404,
    );
    // Audited with the reason, and nothing of the case's content.
    const audit = await db()
      .selectFrom('audit_events')
      .select(['action', 'reason', 'detail', 'subject_id'])
      .where('subject_type', '=', 'retention_decision')
      .executeTakeFirstOrThrow();
    assert.equal(audit.subject_id, decision.id);
    assert.equal(audit.reason, 'A complaint is open');
    assert.deepEqual(audit.detail, {
      caseId,
      clock: 'police',
      decision: 'keep',
      nextReviewOn: '2028-06-01',
    });
    // The health clock has no force period: a date 30 years on is accepted.
    const child = cases.child.caseId;
    const healthKept = await postForm(t, ig, `/retention/${child}/health/keep`, {
      reason: 'Inquiry hold',
      'nextReviewOn-day': '1',
      'nextReviewOn-month': '1',
      'nextReviewOn-year': '2056',
    });
    assert.equal(healthKept.statusCode, 303);
    assert.equal((await reviews(child)).health, '2056-01-01');
    // A case whose clock is not due, or a clock that has not started: not found.
    assert.equal(
      (await getPage(t, ig, `/retention/${cases.open.caseId}/police/keep`)).statusCode,
      404,
    );
    assert.equal(
      (await getPage(t, ig, `/retention/${cases.open.caseId}/health/keep`)).statusCode,
      404,
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { releaseItem } from '../../../test/support/disclosures.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';
import { readRegisterFilter } from './register.ts';

/**
 * Issue 18 item 10: the register is a table, one row per decision (date, case, items,
 * recipients, status) linking to the decision, filtered by GOV.UK date inputs.
 */
describe('the disclosure register pages', () => {
  let t: TestApp;
  let ig: SignedIn;
  let otherHubLead: SignedIn;
  let disclosureId: string;
  let reference: string;

  before(async () => {
    t = await testApp();
    t.clock.set(new Date('2026-06-16T10:00:00Z'));
    ig = await signIn(t, { roles: ['ig_officer'] });
    otherHubLead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
    const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const made = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId });
    reference = made.reference;
    const triage = await t.database.db
      .insertInto('triage_decisions')
      .values({
        case_id: made.caseId,
        decision: 'accept',
        rationale: 'Engages well',
        decided_by: clinician.userId,
        decided_at: new Date('2026-05-21T10:00:00Z'),
        seconds_to_triage: 60,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ({ disclosureId } = await releaseItem(
      { database: t.database, clock: t.clock },
      {
        caseId: made.caseId,
        source: 'triage_rationale',
        recordId: triage.id,
        recipients: [officer.userId],
      },
    ));
  });
  after(() => t?.close());

  it('lists one row per decision with its date, case, items, recipients and status', async () => {
    const page = await getPage(t, ig, '/disclosures/register');
    assert.equal(page.statusCode, 200);
    const rows = [...page.body.matchAll(/<tbody class="govuk-table__body">(.*?)<\/tbody>/gs)];
    assert.equal(rows.length, 1, 'one table');
    const cells = [
      ...rows[0]![1]!.matchAll(/<td class="govuk-table__cell[^"]*">(.*?)<\/td>/gs),
    ].map((m) =>
      m[1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    assert.equal(cells[0], '16 June 2026');
    assert.equal(cells[1], `${reference} , decision of 16 June 2026`);
    assert.equal(cells[2], '1');
    assert.match(cells[3]!, /^Test case_officer/);
    assert.equal(cells[4], 'Released');
    assert.match(page.body, new RegExp(`href="/disclosures/register/${disclosureId}"`));
    assert.doesNotMatch(page.body, /type="date"/, 'GOV.UK date inputs, not the browser’s');
    assert.match(page.body, /name="from-day"/);
  });

  it("links to the decision's page, audited; another hub's lead cannot open it", async () => {
    const page = await getPage(t, ig, `/disclosures/register/${disclosureId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Disclosure decision/);
    assert.match(page.body, /Legal basis/);
    assert.match(page.body, /Triage decision/);
    const read = await t.database.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'detail'])
      .where('subject_type', '=', 'disclosure')
      .where('subject_id', '=', disclosureId)
      .where('action', '=', 'consultation')
      .execute();
    assert.ok(read.some((r) => r.actor_user_id === ig.userId && r.detail.page === 'register'));
    const other = await getPage(t, otherHubLead, `/disclosures/register/${disclosureId}`);
    assert.equal(other.statusCode, 404);
  });

  it('filters by GOV.UK date inputs; a wrong date is an error beside its box (400)', async () => {
    const on = (day: string) =>
      getPage(t, ig, `/disclosures/register?from-day=${day}&from-month=6&from-year=2026`);
    assert.match((await on('16')).body, /1 disclosure,/);
    assert.match((await on('17')).body, /0 disclosures,/);
    const wrong = await getPage(
      t,
      ig,
      '/disclosures/register?from-day=1&from-month=13&from-year=2026',
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /There is a problem/);
    assert.match(wrong.body, /href="#from-month">The date from must be a real date/);
    assert.doesNotMatch(wrong.body, /govuk-table__body/);
  });

  it('reads the date boxes, an older link’s ISO date, and a "to" before "from"', () => {
    const parts = readRegisterFilter({ 'from-day': '2', 'from-month': '6', 'from-year': '2026' });
    assert.equal(parts.from, '2026-06-02');
    assert.deepEqual(parts.errors, []);
    assert.equal(readRegisterFilter({ from: '2026-06-02' }).from, '2026-06-02');
    const backwards = readRegisterFilter({
      'from-day': '2',
      'from-month': '6',
      'from-year': '2026',
      'to-day': '1',
      'to-month': '6',
      'to-year': '2026',
    });
    assert.deepEqual(backwards.errors, [
      ['to-day', 'The date to must be the same as or after the date from'],
    ]);
    assert.deepEqual(readRegisterFilter({ 'to-month': '6' }).errors, [
      ['to-day', 'The date to must include a day and year'],
    ]);
  });
});

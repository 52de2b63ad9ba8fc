import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../db/database.ts';
import type { LegalBasis } from '../../domain/disclosures.ts';
import { createUser, hubId } from '../../../test/support/auth.ts';
import { testClock } from '../../../test/support/clock.ts';
import { testDatabase } from '../../../test/support/database.ts';
import { principalOf, releaseItem } from '../../../test/support/disclosures.ts';
import { insertCase } from '../../../test/support/journey.ts';
import { exportRegister, readRegister, readRegisterFilter } from './register.ts';

const actor = (userId: string) => ({ userId, role: 'ig_officer', hubId: null, requestId: null });

/**
 * The register's filters: hub, decided from/to (days in London, so a decision just after
 * midnight in British Summer Time belongs to the later day), legal basis.
 */
describe('the disclosure register filters', () => {
  let database: Database;
  const clock = testClock();
  const refs: Record<'lateBst' | 'beforeMidnightBst' | 'otherHub' | 'lateGmt', string> = {
    lateBst: '',
    beforeMidnightBst: '',
    otherHub: '',
    lateGmt: '',
  };
  let ig: ReturnType<typeof principalOf>;
  let wmLead: ReturnType<typeof principalOf>;
  let wm: string;
  let nw: string;

  /** A case of the hub with a triage decision, released to its officer at `at`. */
  async function decidedAt(hubCode: 'WM' | 'NW', at: string, legalBasis: LegalBasis) {
    const db = database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: [hubCode] });
    const clinician = await createUser(db, { roles: ['clinician'], hubCodes: [hubCode] });
    const c = await insertCase(db, { hubCode, requestedBy: officer.id });
    const triage = await db
      .insertInto('triage_decisions')
      .values({
        case_id: c.caseId,
        decision: 'accept',
        rationale: 'Engages well',
        decided_by: clinician.id,
        decided_at: new Date('2026-05-21T10:00:00Z'),
        seconds_to_triage: 60,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    clock.set(new Date(at));
    await releaseItem(database, {
      caseId: c.caseId,
      source: 'triage_rationale',
      recordId: triage.id,
      recipients: [officer.id],
      legalBasis,
      clock,
    });
    return c.reference;
  }

  before(async () => {
    database = await testDatabase();
    wm = await hubId(database.db, 'WM');
    nw = await hubId(database.db, 'NW');
    // 00:30 on 2 June in London (BST, UTC+1).
    refs.lateBst = await decidedAt('WM', '2026-06-01T23:30:00Z', 'consent');
    // 23:30 on 1 June in London.
    refs.beforeMidnightBst = await decidedAt(
      'WM',
      '2026-06-01T22:30:00Z',
      'public_interest_common_law',
    );
    refs.otherHub = await decidedAt('NW', '2026-06-03T10:00:00Z', 'consent');
    // 23:30 on 1 December in London (GMT, UTC+0): still 1 December.
    refs.lateGmt = await decidedAt('WM', '2026-12-01T23:30:00Z', 'vital_interests');
    ig = principalOf(await createUser(database.db, { roles: ['ig_officer'] }), ['ig_officer'], []);
    wmLead = principalOf(
      await createUser(database.db, { roles: ['hub_lead'], hubCodes: ['WM'] }),
      ['hub_lead'],
      [wm],
    );
  });
  after(() => database.close());

  /** The references the register lists for this query string, sorted by name in `refs`. */
  async function listed(query: Record<string, string>, who = ig) {
    const filter = readRegisterFilter(query);
    const read = { actor: actor(who.userId), principal: who, filter };
    const page = await readRegister({ db: database.db, clock }, read);
    const csv = await exportRegister(
      { db: database.db, clock },
      { ...read, reason: 'Synthetic check' },
    );
    const names = (references: string[]) =>
      Object.entries(refs)
        .filter(([, ref]) => references.includes(ref))
        .map(([name]) => name)
        .sort();
    const shown = names(page.rows.map((r) => r.reference));
    assert.deepEqual(names(csv.map((r) => r.reference)), shown, 'the CSV has the same rows');
    assert.equal(page.total, page.rows.length);
    return shown;
  }

  it('without a filter: every hub for IG, their own hub for a hub lead', async () => {
    assert.deepEqual(await listed({}), ['beforeMidnightBst', 'lateBst', 'lateGmt', 'otherHub']);
    assert.deepEqual(await listed({}, wmLead), ['beforeMidnightBst', 'lateBst', 'lateGmt']);
  });

  it('hub: only that hub; a hub lead cannot widen theirs by naming another', async () => {
    assert.deepEqual(await listed({ hub: nw }), ['otherHub']);
    assert.deepEqual(await listed({ hub: wm }), ['beforeMidnightBst', 'lateBst', 'lateGmt']);
    assert.deepEqual(await listed({ hub: nw }, wmLead), []);
    assert.deepEqual(await listed({ hub: 'not-a-hub' }), await listed({}), 'ignored');
  });

  it('from and to are days in London: 00:30 BST belongs to the later day', async () => {
    assert.deepEqual(await listed({ from: '2026-06-02', to: '2026-06-02' }), ['lateBst']);
    assert.deepEqual(await listed({ from: '2026-06-01', to: '2026-06-01' }), ['beforeMidnightBst']);
    assert.deepEqual(await listed({ to: '2026-06-01' }), ['beforeMidnightBst']);
    assert.deepEqual(await listed({ from: '2026-06-02' }), ['lateBst', 'lateGmt', 'otherHub']);
    // In winter London is on UTC: 23:30 UTC is still the same day.
    assert.deepEqual(await listed({ from: '2026-12-01', to: '2026-12-01' }), ['lateGmt']);
    assert.deepEqual(await listed({ from: '2026-12-02' }), []);
    // Not a day (not 1 July either): ignored, never an error.
    assert.deepEqual(await listed({ from: '2026-06-31' }), await listed({}));
  });

  it('basis: only decisions on that legal basis', async () => {
    assert.deepEqual(await listed({ basis: 'public_interest_common_law' }), ['beforeMidnightBst']);
    assert.deepEqual(await listed({ basis: 'consent' }), ['lateBst', 'otherHub']);
    assert.deepEqual(await listed({ basis: 'vital_interests', hub: nw }), []);
    assert.deepEqual(await listed({ basis: 'no_such_basis' }), await listed({}), 'ignored');
  });
});

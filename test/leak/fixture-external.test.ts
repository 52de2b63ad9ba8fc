import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../support/app.ts';
import { signIn } from '../support/auth.ts';
import { paintCanaries } from '../support/canaries.ts';
import { getPage, insertCase } from '../support/journey.ts';
import { pdfText } from '../support/pdf.ts';
import { externalDisclosure } from './fixture-external.ts';

describe('the boundary fixture: a disclosure outside Cicero', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => {
    await t?.close();
  });

  it('releases it with its letter, and the painter covers the recipient row', async () => {
    const db = t.database.db;
    const officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const c = await insertCase(db, { hubCode: 'WM', requestedBy: officer.userId });
    await db
      .insertInto('allocations')
      .values({
        case_id: c.caseId,
        clinician_id: clinician.userId,
        role: 'lead',
        allocated_from: new Date('2026-05-22T10:00:00Z'),
        allocated_by: lead.userId,
      })
      .execute();
    await externalDisclosure(t, c.caseId, clinician);

    const [row] = await db.selectFrom('disclosure_external_recipients').selectAll().execute();
    assert.ok(row?.letter_content_id, 'released, with its letter');
    const path = `/cases/${c.caseId}/external-disclosures/${row.disclosure_id}/letter.pdf`;
    const letter = await getPage(t, clinician, path);
    assert.equal(letter.statusCode, 200);
    const text = await pdfText(letter.rawPayload);
    assert.match(text, /CANARY-typed-external-summary/);
    assert.match(text, /CANARY-typed-external-team/);
    assert.ok([403, 404].includes((await getPage(t, officer, path)).statusCode));

    const registry = await paintCanaries(t.database);
    assert.ok(!registry.emptyTables.includes('disclosure_external_recipients'));
    const painted = registry.paintedColumns
      .filter((c) => c.table === 'disclosure_external_recipients')
      .map((c) => c.column)
      .sort();
    assert.deepEqual(painted, ['address', 'organisation', 'person', 'team']);
  });
});

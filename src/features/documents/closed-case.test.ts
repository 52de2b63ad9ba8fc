import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { insertCase } from '../../../test/support/journey.ts';
import { openCase } from '../../access/case-context.ts';
import { principalOf } from '../auth/sessions.ts';
import { receiveFile } from './receive.ts';
import { tinyPdf } from './samples.ts';
import { saveUpload } from './service.ts';

const BOUNDARY = '----cicero-closed-case';
const contentType = `multipart/form-data; boundary=${BOUNDARY}`;

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
  );
  parts.push(
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  );
  return Buffer.concat(parts);
}

describe('documents on a closed case', () => {
  let t: TestApp;
  let officer: SignedIn;
  let clinician: SignedIn;
  let closedCaseId: string;
  let pdf: Buffer;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    ({ caseId: closedCaseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    }));
    await allocate(t.database.db, {
      caseId: closedCaseId,
      clinicianId: clinician.userId,
      byId: lead.userId,
    });
    await close(closedCaseId);
    pdf = await tinyPdf(['A letter that must not be stored']);
  });
  after(() => t.close());

  async function close(caseId: string) {
    await t.database.db
      .updateTable('cases')
      .set({ status: 'closed', closed_at: t.clock.now() })
      .where('id', '=', caseId)
      .execute();
  }

  const stored = async () => {
    const count = async (table: 'document_contents' | 'health_documents' | 'police_documents') =>
      Number(
        (
          await t.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return [
      await count('document_contents'),
      await count('health_documents'),
      await count('police_documents'),
    ];
  };

  const post = (who: SignedIn, url: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': contentType },
      payload: multipart(
        { _csrf: who.csrfToken, title: 'Letter after closure', kind: 'gp_letter' },
        { name: 'letter.pdf', bytes: pdf },
      ),
    });

  it("refuses a clinician's direct POST with the GOV.UK error summary; nothing stored", async () => {
    const before = await stored();
    const response = await post(clinician, `/cases/${closedCaseId}/documents`);
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /This case is closed\. A new request for the person starts/);
    assert.match(response.body, /href="#file"/);
    assert.match(response.body, /value="Letter after closure"/, 'the title is kept');
    assert.deepEqual(await stored(), before);
  });

  it("refuses the officer's direct POST to their closed request; nothing stored", async () => {
    const before = await stored();
    const response = await post(officer, `/requests/${closedCaseId}/documents`);
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /This case is closed/);
    assert.deepEqual(await stored(), before);
  });

  it('the Documents section offers no "Add a document" on a closed case', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/cases/${closedCaseId}/section/documents`,
      headers: { cookie: clinician.cookie },
    });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /\/cases\/[^"]+\/documents\/new/);
  });

  it('a case closed while the file came in: the save, under the case lock, stores nothing', async () => {
    const { caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
    });
    const principal = await principalOf(t.database.db, {
      userId: officer.userId,
      sessionId: 'closed-case-test',
      kind: 'person',
    });
    assert.ok(principal);
    // The route opened the case while it was open ...
    const opened = await openCase(t.database.db, principal, caseId);
    assert.ok(opened?.can.addPoliceUpdate);
    const received = await receiveFile(Readable.from([pdf]));
    assert.ok(received.ok);
    // ... and it was closed before the file was saved.
    await close(caseId);
    const before = await stored();
    const change = await saveUpload(
      t.database.db,
      t.clock,
      { userId: officer.userId, role: 'case_officer', hubId: null, requestId: null },
      {
        header: opened.header,
        principal,
        compartment: 'police',
        title: 'Statement',
        kind: 'report',
        content: received.content,
      },
    );
    assert.equal(change.kind, 'refused');
    assert.deepEqual(await stored(), before);
  });
});

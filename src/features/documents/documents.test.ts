import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { releaseItem } from '../../../test/support/disclosures.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';
import { MAX_DOCUMENT_BYTES } from './kinds.ts';
import { TINY_PNG, tinyPdf } from './samples.ts';

const BOUNDARY = '----cicero-test-boundary';

/** A multipart body: fields in order, then the file last (as the form sends it). */
function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

const contentType = `multipart/form-data; boundary=${BOUNDARY}`;

describe('documents', () => {
  let t: TestApp;
  let caseId: string;
  let officer: SignedIn;
  let clinician: SignedIn;
  let otherHub: SignedIn;
  let pdf: Buffer;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    otherHub = await signIn(t, { roles: ['clinician'], hubCodes: ['NW'] });
    ({ caseId } = await insertCase(t.database.db, { hubCode: 'WM', requestedBy: officer.userId }));
    await allocate(t.database.db, { caseId, clinicianId: clinician.userId, byId: lead.userId });
    pdf = await tinyPdf(['A GP letter about the person']);
  });
  after(() => t.close());

  const upload = (
    who: SignedIn,
    url: string,
    fields: Record<string, string>,
    file?: { name: string; bytes: Buffer },
  ) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie, 'content-type': contentType },
      payload: multipart({ _csrf: who.csrfToken, ...fields }, file),
    });

  const counts = async () => ({
    contents: Number(
      (
        await t.database.db
          .selectFrom('document_contents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
    health: Number(
      (
        await t.database.db
          .selectFrom('health_documents')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  });

  let healthDocId: string;

  it('a clinician uploads a PDF: stored with its hash, audited, listed in Documents', async () => {
    const response = await upload(
      clinician,
      `/cases/${caseId}/documents`,
      { title: 'Letter from the GP', kind: 'gp_letter' },
      { name: 'scan.bin', bytes: pdf },
    );
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    const row = await t.database.db
      .selectFrom('health_documents as d')
      .innerJoin('document_contents as c', 'c.id', 'd.content_id')
      .select(['d.id', 'd.title', 'c.sha256', 'c.mime', 'c.size_bytes'])
      .where('d.case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    healthDocId = row.id;
    assert.equal(row.mime, 'application/pdf');
    assert.equal(row.size_bytes, pdf.length);
    assert.equal(row.sha256, createHash('sha256').update(pdf).digest('hex'));
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id'])
      .where('subject_type', '=', 'health_documents')
      .where('subject_id', '=', row.id)
      .execute();
    assert.deepEqual(audit, [{ action: 'collection', actor_user_id: clinician.userId }]);
    const section = await getPage(t, clinician, `/cases/${caseId}/section/documents`);
    if (section.statusCode === 200) assert.match(section.body, /Letter from the GP/);
  });

  it('downloads as an attachment with a generic name, nosniff, audited', async () => {
    const response = await getPage(
      t,
      clinician,
      `/cases/${caseId}/documents/${healthDocId}/download`,
    );
    assert.equal(response.statusCode, 200);
    assert.equal(
      response.headers['content-disposition'],
      'attachment; filename="document-gp-letter.pdf"',
    );
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(response.headers['content-type'], 'application/pdf');
    assert.deepEqual(response.rawPayload, pdf);
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_type', '=', 'health_documents')
      .where('subject_id', '=', healthDocId)
      .where('actor_user_id', '=', clinician.userId)
      .execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['collection', 'consultation']);
  });

  it('refuses a wrong type, an empty file and no file with the error summary, storing nothing', async () => {
    const before = await counts();
    for (const [file, message] of [
      [
        { name: 'report.pdf', bytes: Buffer.from('plain text named as a PDF') },
        /must be a PDF, DOCX, ODT, PNG or JPEG/,
      ],
      [{ name: 'empty.pdf', bytes: Buffer.alloc(0) }, /The selected file is empty/],
      [undefined, /Select a file/],
    ] as const) {
      const response = await upload(
        clinician,
        `/cases/${caseId}/documents`,
        { title: 'Report', kind: 'report' },
        file,
      );
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /There is a problem/);
      assert.match(response.body, message);
    }
    assert.deepEqual(await counts(), before);
  });

  it('refuses a file over 20 MB, storing nothing', async () => {
    const before = await counts();
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(MAX_DOCUMENT_BYTES + 1 - TINY_PNG.length)]);
    const response = await upload(
      clinician,
      `/cases/${caseId}/documents`,
      { title: 'Big', kind: 'other' },
      { name: 'big.png', bytes: big },
    );
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /must be smaller than 20 MB/);
    assert.deepEqual(await counts(), before);
  });

  it('checks the CSRF token of a multipart form', async () => {
    const before = await counts();
    const response = await t.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/documents`,
      headers: { cookie: clinician.cookie, 'content-type': contentType },
      payload: multipart(
        { _csrf: 'wrong', title: 'X', kind: 'other' },
        { name: 'a.png', bytes: TINY_PNG },
      ),
    });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(await counts(), before);
  });

  it('keeps police and health documents apart; another hub gets 404', async () => {
    const response = await upload(
      officer,
      `/requests/${caseId}/documents`,
      { title: 'Officer statement', kind: 'report' },
      { name: 'photo.png', bytes: TINY_PNG },
    );
    assert.equal(response.statusCode, 303, response.body.slice(0, 300));
    const police = await t.database.db
      .selectFrom('police_documents')
      .select('id')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    const list = await getPage(t, officer, `/requests/${caseId}/documents`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Officer statement/);
    assert.doesNotMatch(list.body, /Letter from the GP/);
    const mine = await getPage(t, officer, `/requests/${caseId}/documents/${police.id}/download`);
    assert.equal(mine.statusCode, 200);
    assert.deepEqual(mine.rawPayload, TINY_PNG);
    const clinicianReads = await getPage(
      t,
      clinician,
      `/cases/${caseId}/police-documents/${police.id}/download`,
    );
    assert.equal(clinicianReads.statusCode, 200);
    // The officer may not read the health record's documents; a health id is not a police one.
    const healthByOfficer = await getPage(
      t,
      officer,
      `/cases/${caseId}/documents/${healthDocId}/download`,
    );
    assert.equal(healthByOfficer.statusCode, 403);
    const wrongTable = await getPage(
      t,
      officer,
      `/requests/${caseId}/documents/${healthDocId}/download`,
    );
    assert.equal(wrongTable.statusCode, 404);
    for (const url of [
      `/cases/${caseId}/documents/${healthDocId}/download`,
      `/cases/${caseId}/police-documents/${police.id}/download`,
    ]) {
      assert.equal((await getPage(t, otherHub, url)).statusCode, 404, url);
    }
    const otherUpload = await upload(
      otherHub,
      `/cases/${caseId}/documents`,
      { title: 'Nope', kind: 'other' },
      { name: 'a.png', bytes: TINY_PNG },
    );
    assert.equal(otherUpload.statusCode, 404);
  });

  it('a document released by a disclosure decision: the recipient downloads the frozen copy', async () => {
    const notYet = await getPage(t, officer, `/requests/${caseId}`);
    assert.doesNotMatch(notYet.body, /Download the released copy/);
    const { disclosureId } = await releaseItem(t, {
      caseId,
      source: 'document',
      recordId: healthDocId,
      recipients: [officer.userId],
    });
    const item = await t.database.db
      .selectFrom('released_items')
      .select(['id', 'body'])
      .where('disclosure_id', '=', disclosureId)
      .where('source_table', '=', 'health_documents')
      .executeTakeFirstOrThrow();
    assert.match(item.body, new RegExp(createHash('sha256').update(pdf).digest('hex')));
    const response = await getPage(t, officer, `/requests/${caseId}/released-documents/${item.id}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.deepEqual(response.rawPayload, pdf);
    const page = await getPage(t, officer, `/requests/${caseId}`);
    assert.match(page.body, new RegExp(`/requests/${caseId}/released-documents/${item.id}`));
    // Contents never change.
    await assert.rejects(
      t.database.db.updateTable('document_contents').set({ size_bytes: 1 }).execute(),
      /never change/,
    );
  });

  it('an interrupted upload leaves nothing behind', async () => {
    const before = await counts();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const body = multipart(
      { _csrf: clinician.csrfToken, title: 'Cut off', kind: 'other' },
      { name: 'a.pdf', bytes: Buffer.concat([pdf, Buffer.alloc(2_000_000, 0x20)]) },
    );
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/cases/${caseId}/documents`,
        headers: {
          cookie: clinician.cookie,
          'content-type': contentType,
          'content-length': String(body.length),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(body.subarray(0, 1_000_000), () => req.destroy());
    });
    // The app still answers, and nothing of the cut-off upload was stored.
    const next = await upload(
      clinician,
      `/cases/${caseId}/documents`,
      { title: 'After the cut', kind: 'other' },
      { name: 'a.png', bytes: TINY_PNG },
    );
    assert.equal(next.statusCode, 303);
    const now = await counts();
    assert.deepEqual(now, { contents: before.contents + 1, health: before.health + 1 });
    const titles = await t.database.db.selectFrom('health_documents').select('title').execute();
    assert.ok(!titles.some((r) => r.title === 'Cut off'));
  });
});

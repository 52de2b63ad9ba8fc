import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate, recordConsentEntry } from '../../../test/support/clinical.ts';
import { docxText } from '../../../test/support/docx.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';
import { pdfText } from '../../../test/support/pdf.ts';
import { loadLetterTemplates, parseTemplate } from './templates.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('letter templates', () => {
  it('the configured templates load', () => {
    const ids = loadLetterTemplates(join(root, 'config', 'letters')).map((t) => t.id);
    assert.deepEqual(ids, ['appointment', 'gp-after-assessment']);
  });

  it('a template with an unknown placeholder, or an appointment placeholder it may not use, is refused', () => {
    const base = {
      title: 'T',
      description: 'D',
      documentKind: 'other',
      documentTitle: 'T',
      appointment: false,
      fields: [],
      recipient: ['{{person.name}}'],
      subject: '',
      salutation: 'Dear {{person.givenName}}',
      body: ['Hello'],
      signOff: 'Yours',
    };
    assert.equal(parseTemplate('ok', base).id, 'ok');
    assert.throws(
      () => parseTemplate('x', { ...base, body: ['{{person.address}}'] }),
      /unknown placeholder/,
    );
    assert.throws(
      () => parseTemplate('x', { ...base, body: ['{{appointment.date}}'] }),
      /unknown placeholder/,
    );
    assert.throws(() => parseTemplate('x', { ...base, documentKind: 'novel' }));
  });
});

describe('letters from a case', () => {
  let t: TestApp;
  let officer: SignedIn;
  let clinician: SignedIn;
  let caseId: string;
  let reference: string;

  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, {
      roles: ['clinician'],
      hubCodes: ['WM'],
      name: 'Dr Letter Writer',
    });
    const lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const { db } = t.database;
    ({ caseId, reference } = await insertCase(db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      givenName: 'Lettie',
      familyName: 'Recipient',
    }));
    await allocate(db, { caseId, clinicianId: clinician.userId, byId: lead.userId });
    await recordConsentEntry(db, { caseId, byId: clinician.userId, status: 'given' });
  });
  after(async () => {
    await t?.close();
  });

  const post = (who: SignedIn, url: string, payload: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: who.cookie },
      payload: { _csrf: who.csrfToken, ...payload },
    });

  const gpLetter = {
    recipientName: 'Dr A Patel',
    recipientAddress: 'Ladywood Health Centre\n1 Example Road',
    findings: 'FINDINGS-TYPED low mood, no immediate risk',
    recommendations: 'RECOMMEND-TYPED review in four weeks',
  };

  it('the case page links to letters, the list offers both', async () => {
    const page = await getPage(t, clinician, `/cases/${caseId}`);
    assert.match(page.body, new RegExp(`href="/cases/${caseId}/letters"`));
    const list = await getPage(t, clinician, `/cases/${caseId}/letters`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Letter to the GP after assessment/);
    assert.match(list.body, /Appointment letter to the person/);
  });

  it('the GP letter as PDF holds the case values and what was typed, marked', async () => {
    const res = await post(clinician, `/cases/${caseId}/letters/gp-after-assessment`, {
      ...gpLetter,
      action: 'pdf',
    });
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="letter-to-the-gp-after-assessment-WM-2026-\d{4}\.pdf"$/,
    );
    const text = await pdfText(res.rawPayload);
    for (const expected of [
      'Dear Dr A Patel',
      'Ladywood Health Centre',
      'Lettie Recipient, born 3 February 1999',
      'FINDINGS-TYPED low mood',
      'RECOMMEND-TYPED review in four weeks',
      `Our reference: ${reference}`,
      'Dr Letter Writer',
      'OFFICIAL-SENSITIVE',
      'West Midlands',
    ]) {
      assert.ok(text.includes(expected), `the PDF holds "${expected}": ${text}`);
    }
    const audit = await t.database.db
      .selectFrom('audit_events')
      .select(['detail', 'subject_id'])
      .where('actor_user_id', '=', clinician.userId)
      .where('action', '=', 'consultation')
      .execute();
    const letters = audit.filter(
      (a) => (a.detail as { letter?: string }).letter === 'gp-after-assessment',
    );
    assert.equal(letters.length, 1);
    assert.equal(letters[0]?.subject_id, caseId);
    assert.ok(!JSON.stringify(letters[0]?.detail).includes('FINDINGS'), 'no letter text in audit');
  });

  it('the GP letter as a Word document holds the same', async () => {
    const res = await post(clinician, `/cases/${caseId}/letters/gp-after-assessment`, {
      ...gpLetter,
      action: 'docx',
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /wordprocessingml/);
    const { body, headers } = await docxText(res.rawPayload);
    for (const expected of [
      'Dear Dr A Patel',
      'Lettie Recipient, born 3 February 1999',
      'FINDINGS-TYPED low mood',
      'Dr Letter Writer',
    ]) {
      assert.ok(body.includes(expected), `the DOCX holds "${expected}": ${body}`);
    }
    assert.match(headers, /OFFICIAL-SENSITIVE/);
  });

  it('a letter saved goes to the case’s health documents, as a PDF', async () => {
    const res = await post(clinician, `/cases/${caseId}/letters/gp-after-assessment`, {
      ...gpLetter,
      action: 'save',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/cases/${caseId}/letters?done=saved`);
    const banner = await getPage(t, clinician, String(res.headers.location));
    assert.match(banner.body, /Letter saved to the case’s documents/);
    const { db } = t.database;
    const saved = await db
      .selectFrom('health_documents')
      .innerJoin('document_contents', 'document_contents.id', 'health_documents.content_id')
      .select(['health_documents.id', 'title', 'kind', 'source', 'mime'])
      .where('case_id', '=', caseId)
      .execute();
    assert.equal(saved.length, 1);
    assert.equal(saved[0]?.title, 'Letter to the GP after assessment');
    assert.equal(saved[0]?.kind, 'gp_letter');
    assert.equal(saved[0]?.mime, 'application/pdf');
    assert.equal(saved[0]?.source, 'letter:gp-after-assessment');
  });

  it('the same "save" sent twice (a double click) saves one letter and lands where the first did', async () => {
    const form = await getPage(t, clinician, `/cases/${caseId}/letters/gp-after-assessment`);
    const formToken = /name="formToken" value="([^"]+)"/.exec(form.body)?.[1];
    assert.ok(formToken);
    const count = async () =>
      (
        await t.database.db
          .selectFrom('health_documents')
          .select('id')
          .where('case_id', '=', caseId)
          .execute()
      ).length;
    const before = await count();
    const url = `/cases/${caseId}/letters/gp-after-assessment`;
    const first = await post(clinician, url, { ...gpLetter, action: 'save', formToken });
    const second = await post(clinician, url, { ...gpLetter, action: 'save', formToken });
    assert.equal(first.statusCode, 303);
    assert.equal(second.statusCode, 303);
    assert.equal(second.headers.location, first.headers.location);
    assert.equal(await count(), before + 1);
  });

  it('the appointment letter fills from a booked appointment, or from what is typed', async () => {
    const { db } = t.database;
    const startsAt = new Date('2026-06-10T13:30:00Z');
    const contact = await db
      .insertInto('contacts')
      .values({
        case_id: caseId,
        kind: 'person',
        method: 'face_to_face',
        status: 'planned',
        starts_at: startsAt,
        place: 'Ladywood Community Hub',
        clinician_id: clinician.userId,
        recorded_by: clinician.userId,
        recorded_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const form = await getPage(t, clinician, `/cases/${caseId}/letters/appointment`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /10 June 2026 at 2:30pm, Ladywood Community Hub/);
    const booked = await post(clinician, `/cases/${caseId}/letters/appointment`, {
      appointment: contact.id,
      recipientAddress: '2 Example Street\nBirmingham',
      action: 'pdf',
    });
    assert.equal(booked.statusCode, 200, booked.body.slice(0, 500));
    const text = await pdfText(booked.rawPayload);
    assert.ok(text.includes('Dear Lettie'), text);
    assert.ok(text.includes('on 10 June 2026 at 2:30pm, at Ladywood Community Hub'), text);
    const typed = await post(clinician, `/cases/${caseId}/letters/appointment`, {
      appointment: 'typed',
      appointmentDate: '17 June 2026',
      appointmentTime: '11am',
      appointmentPlace: 'the GP surgery',
      recipientAddress: '2 Example Street',
      action: 'docx',
    });
    assert.equal(typed.statusCode, 200);
    const { body } = await docxText(typed.rawPayload);
    assert.ok(body.includes('on 17 June 2026 at 11am, at the GP surgery'), body);
  });

  it('a form with gaps is shown again with GOV.UK errors, nothing made', async () => {
    const res = await post(clinician, `/cases/${caseId}/letters/gp-after-assessment`, {
      recipientName: 'Dr A Patel',
      action: 'save',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Error: /);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#findings"/);
    assert.match(res.body, /Dr A Patel/);
    const missing = await post(clinician, `/cases/${caseId}/letters/appointment`, {
      action: 'pdf',
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /href="#appointment"/);
  });

  it('a case officer may not write letters; an unknown template is not found', async () => {
    const refused = await getPage(t, officer, `/cases/${caseId}/letters`);
    assert.equal(refused.statusCode, 403);
    const unknown = await getPage(t, clinician, `/cases/${caseId}/letters/no-such-letter`);
    assert.equal(unknown.statusCode, 404);
  });
});

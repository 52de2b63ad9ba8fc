import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { createUser } from '../support/auth.ts';
import { allocate, recordConsentEntry } from '../support/clinical.ts';
import { insertCase } from '../support/journey.ts';
import {
  browserAvailable,
  checkPage,
  savedBanner,
  signInWithPages,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';
import { fillDate } from './support/clinical.ts';

// The test clock stands at 10am on 1 June 2026 (UK time).
describe('contacts, appointments and case notes', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  async function fillContact(page: Page, time: string) {
    await page.getByLabel('The person').check();
    await page.getByLabel('Face to face').check();
    await fillDate(page, ['1', '6', '2026']);
    await page.getByLabel('Time', { exact: true }).fill(time);
    await page.getByLabel('Place (optional)').fill('Ladywood Health Centre');
  }

  it('refuses contact before consent, books, records a did-not-attend and an attended appointment, amends a note', async () => {
    const db = run.server.database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const clinician = await createUser(db, { roles: ['clinician'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const { caseId, reference } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
    await allocate(db, { caseId, clinicianId: clinician.id, byId: lead.id });

    const c = await signInWithPages(run, clinician, 'clinician');
    await visit(c, `/cases/${caseId}/contacts`, 'clinician: contacts, none yet');
    await c.getByRole('button', { name: 'Record a contact' }).click();
    await checkPage(c, 'clinician: record a contact');
    await fillContact(c, '9am');
    await c.getByLabel('Summary').fill('Met at the health centre to talk about sleep.');
    await c.getByRole('button', { name: 'Record contact' }).click();
    await checkPage(c, 'clinician: contact refused before consent');
    assert.match(await c.title(), /^Error:/);
    assert.match(
      await c.locator('.govuk-error-summary').innerText(),
      /There was no consent in force on 1 June 2026/,
    );

    // Consent is recorded (decided on 22 May 2026); the same form is accepted now.
    await recordConsentEntry(db, { caseId, byId: clinician.id, status: 'given' });
    await c.getByRole('button', { name: 'Record contact' }).click();
    await checkPage(c, 'clinician: contact recorded');
    assert.equal(await savedBanner(c), 'Contact recorded');

    // An appointment booked for later today: the person does not attend.
    await c.getByRole('button', { name: 'Book an appointment' }).click();
    await checkPage(c, 'clinician: book an appointment');
    await fillContact(c, '11am');
    await c.getByRole('button', { name: 'Book appointment' }).click();
    await checkPage(c, 'clinician: appointment booked');
    assert.equal(await savedBanner(c), 'Appointment booked');
    await c.getByRole('link', { name: /Record outcome/ }).click();
    await checkPage(c, 'clinician: record an outcome');
    await c.getByLabel('Did not attend').check();
    await c.getByRole('button', { name: 'Save outcome' }).click();
    await checkPage(c, 'clinician: did not attend recorded');
    assert.equal(await savedBanner(c), 'Outcome recorded');

    // A second appointment, attended.
    await c.getByRole('button', { name: 'Book an appointment' }).click();
    await fillContact(c, '2:30pm');
    await c.getByRole('button', { name: 'Book appointment' }).click();
    await c.getByRole('link', { name: /Record outcome/ }).click();
    await c.getByLabel('Attended').check();
    await c.getByRole('button', { name: 'Save outcome' }).click();
    await checkPage(c, 'clinician: attended without a summary');
    assert.match(await c.locator('.govuk-error-summary').innerText(), /Enter a summary/);
    await c.getByLabel('Summary').fill('Talked through the safety plan.');
    await c.getByRole('button', { name: 'Save outcome' }).click();
    await checkPage(c, 'clinician: attended recorded');
    const list = await c.locator('main').innerText();
    assert.match(list, /Did not attend\s+1/);
    assert.match(list, /Last contact with the person\s+1 June 2026/);
    assert.match(list, /Talked through the safety plan/);

    // My week lists the appointments of today.
    await visit(c, '/my-week', 'clinician: my week');
    const week = await c.locator('main').innerText();
    assert.match(week, /Today, 1 June 2026/);
    assert.match(week, new RegExp(reference));
    assert.match(week, /Ladywood Health Centre/);

    // A note, amended: the original stays readable.
    await visit(c, `/cases/${caseId}/notes`, 'clinician: case notes, none yet');
    await c.getByRole('button', { name: 'Write a note' }).click();
    await checkPage(c, 'clinician: write a note');
    await fillDate(c, ['1', '6', '2026']);
    await c.getByLabel('Clinical note').check();
    await c.getByLabel('Note', { exact: true }).fill('Seen with mother. Mood low but stable.');
    await c.getByRole('button', { name: 'Save note' }).click();
    await checkPage(c, 'clinician: note saved');
    await c.getByRole('link', { name: /^View/ }).click();
    await checkPage(c, 'clinician: a note');
    await c.getByRole('button', { name: 'Amend this note' }).click();
    await checkPage(c, 'clinician: amend a note');
    await c.getByLabel('Note', { exact: true }).fill('Seen with father. Mood low but stable.');
    await c.getByRole('button', { name: 'Save amendment' }).click();
    await checkPage(c, 'clinician: amendment without a reason');
    await c.getByLabel('Why are you amending the note?').fill('Wrong parent named.');
    await c.getByRole('button', { name: 'Save amendment' }).click();
    await checkPage(c, 'clinician: note amended');
    assert.equal(await savedBanner(c), 'Note amended');
    const note = await c.locator('main').innerText();
    assert.match(note, /Version 2 \(current\)/);
    assert.match(note, /Seen with father/);
    assert.match(note, /Version 1 \(original\)/);
    assert.match(note, /Seen with mother/);
    assert.match(note, /Wrong parent named/);

    // The hub lead's week shows the hub's appointments.
    const l = await signInWithPages(run, lead, 'hub lead');
    await visit(l, '/hub-week', 'hub lead: hub week');
    assert.match(await l.locator('main').innerText(), new RegExp(reference));
  });
});

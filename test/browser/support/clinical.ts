import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import type { Role } from '../../../src/domain/roles.ts';
import { createUser, type TestUser } from '../../support/auth.ts';
import { allocate, recordConsentEntry } from '../../support/clinical.ts';
import { insertCase } from '../../support/journey.ts';
import { checkPage, click, type BrowserRun } from './browser.ts';

/** Steps of the clinical pages (formulation, plan, meetings) shared by the browser tests. */

export interface ClinicalCase {
  officer: TestUser;
  clinician: TestUser;
  lead: TestUser;
  caseId: string;
  reference: string;
}

/**
 * An open case of the West Midlands hub, requested by a case officer, allocated by the hub lead
 * to a clinician (with the roles given: a senior clinician holds `clinician` too), with the
 * person's consent given.
 */
export async function allocatedCase(
  run: BrowserRun,
  options: { clinicianRoles?: Role[]; clinicianName?: string; leadName?: string } = {},
): Promise<ClinicalCase> {
  const db = run.server.database.db;
  const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
  const clinician = await createUser(db, {
    roles: options.clinicianRoles ?? ['clinician'],
    hubCodes: ['WM'],
    ...(options.clinicianName ? { name: options.clinicianName } : {}),
  });
  const lead = await createUser(db, {
    roles: ['hub_lead'],
    hubCodes: ['WM'],
    ...(options.leadName ? { name: options.leadName } : {}),
  });
  const { caseId, reference } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
  await allocate(db, { caseId, clinicianId: clinician.id, byId: lead.id });
  await recordConsentEntry(db, { caseId, byId: clinician.id, status: 'given' });
  return { officer, clinician, lead, caseId, reference };
}

/** Fills the Day, Month and Year of a GOV.UK date input (on the page, or in one group). */
export async function fillDate(
  scope: Page | Locator,
  [day, month, year]: [string, string, string],
): Promise<void> {
  await scope.getByLabel('Day').fill(day);
  await scope.getByLabel('Month').fill(month);
  await scope.getByLabel('Year').fill(year);
}

/** Rates every factor on a formulation domain page: the first present (with evidence), the rest absent. */
export async function rateDomain(page: Page, name: string, check: string): Promise<void> {
  const presences = page.getByRole('group', { name: /^Presence of / });
  const count = await presences.count();
  assert.ok(count > 0, `${name}: factors to rate`);
  const relevances = page.getByRole('group', { name: /^Relevance of / });
  // Relevance is a conditional reveal: not asked until a presence needs it, nor for "Omitted".
  assert.equal(await relevances.count(), 0, `${name}: no relevance asked yet`);
  await presences
    .first()
    .getByLabel(/Omitted/)
    .check();
  assert.equal(await relevances.count(), 0, `${name}: no relevance for an omitted factor`);
  for (let i = 0; i < count; i += 1) {
    await presences
      .nth(i)
      .getByLabel(i === 0 ? 'Present' : 'Absent', { exact: true })
      .check();
    assert.equal(await relevances.count(), i + 1, `${name}: relevance revealed`);
    await page
      .getByRole('group', { name: /^Relevance of / })
      .nth(i)
      .getByLabel(i === 0 ? 'High' : 'Low', { exact: true })
      .check();
    if (i === 0) {
      await page
        .getByRole('textbox', { name: /^Evidence for / })
        .first()
        .fill(`Seen in ${name}`);
    }
  }
  await page.getByRole('button', { name: 'Save and return to the formulation' }).click();
  await checkPage(page, check);
}

/**
 * From the case page, records a MAPPA meeting (category 2, level 2) on the date given, the
 * meeting type chosen with the keyboard; ends on the meeting's page.
 */
export async function recordMappaMeeting(
  c: Page,
  who: string,
  input: { date: [string, string, string]; contribution: string; heading: RegExp },
): Promise<void> {
  await click(c, 'button', 'Record a meeting', `${who}: record a meeting`);
  await c.getByLabel('MAPPA meeting').focus();
  await c.keyboard.press('Space');
  await checkPage(c, `${who}: MAPPA questions revealed`);
  await c.getByLabel('Category 2: violent offenders').check();
  await c.getByLabel('Level 2: active multi-agency management', { exact: true }).check();
  await fillDate(c, input.date);
  await c.getByLabel('What the VSS contributed').fill(input.contribution);
  await click(c, 'button', 'Record meeting', `${who}: meeting recorded`);
  assert.match(await c.locator('h1').innerText(), input.heading);
}

/** On a meeting's page, adds an agreed action with its owner and due date. */
export async function addAgreedAction(
  c: Page,
  who: string,
  input: { action: string; owner: string; due: [string, string, string] },
): Promise<void> {
  await c.getByLabel('Action', { exact: true }).fill(input.action);
  await c.getByLabel('Owner').fill(input.owner);
  await fillDate(c.getByRole('group', { name: 'Due date' }), input.due);
  await click(c, 'button', 'Add action', `${who}: agreed action added`);
}

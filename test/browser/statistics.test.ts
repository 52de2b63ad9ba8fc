import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { createUser, type TestUser } from '../support/auth.ts';
import { figuresFromCsv } from '../../src/features/statistics/figures.ts';
import { statisticsFixture } from '../../src/features/statistics/testing.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  type BrowserRun,
  signInWithPages,
} from './support/browser.ts';

describe('statistics for analysts and hub leads', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
    await statisticsFixture(run.server.database.db, {
      seed: 7,
      cases: 300,
      from: new Date('2025-02-01T00:00:00Z'),
      to: new Date('2026-05-25T00:00:00Z'),
    });
  });
  after(async () => {
    await run?.close();
  });

  const signInAs = (user: TestUser, name: string) => signInWithPages(run, user, name);

  /** Downloads through the link, as a person would, and returns the file's bytes. */
  async function download(page: Page, name: RegExp): Promise<{ file: Buffer; filename: string }> {
    const [downloaded] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name }).click(),
    ]);
    const path = await downloaded.path();
    return { file: await readFile(path), filename: downloaded.suggestedFilename() };
  }

  async function checkDownloads(page: Page, scope: string) {
    const csv = await download(page, /^CSV file$/);
    assert.match(csv.filename, new RegExp(`^cicero-statistics-${scope}-.*\\.csv$`));
    const figures = figuresFromCsv(csv.file.toString('utf8'));
    assert.ok(figures.has('requests-by-month'));
    // The equality cross-tabulations are national only (docs/statistics.md).
    assert.equal(figures.has('concern-by-ethnicity'), scope === 'all-hubs');
    const xlsx = await download(page, /^spreadsheet \(XLSX\)$/);
    assert.match(xlsx.filename, /\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.file as unknown as ArrayBuffer);
    assert.equal(workbook.worksheets[0]!.name, 'About');
    assert.equal(workbook.worksheets.length, figures.size + 1);
    return figures;
  }

  it('an analyst changes the period and the hub, reads charts and tables, and downloads both files', async () => {
    const db = run.server.database.db;
    const analyst = await createUser(db, { roles: ['analyst'] });
    const page = await signInAs(analyst, 'analyst');
    await page.locator('main').getByRole('link', { name: 'Statistics', exact: true }).click();
    await checkPage(page, 'analyst: statistics, this financial year');
    assert.match(
      await page.locator('h2').first().innerText(),
      /All hubs: Financial year 2026 to 2027/,
    );

    // Keyboard: choose the previous financial year and show it, without a mouse.
    await page.locator('#period').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // the select: one year earlier
    await page.getByRole('button', { name: 'Show statistics' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/year=2025/);
    await checkPage(page, 'analyst: financial year 2025 to 2026');
    assert.match(await page.locator('main').innerText(), /All hubs: Financial year 2025 to 2026/);
    const charts = page.locator('svg[role="img"]');
    assert.ok((await charts.count()) >= 5);
    assert.match(
      String(await charts.first().getAttribute('aria-label')),
      /^Chart: Requests received by month and hub/,
    );
    assert.equal(await page.locator('main a[href^="/cases"]').count(), 0, 'no link to a case');
    // Percentages from figures rounded to 5 are whole numbers: no false precision.
    const percentages = (await page.locator('main table').allInnerTexts()).join('\n');
    assert.match(percentages, /\b\d+%/);
    assert.doesNotMatch(percentages, /\d\.\d+%/);
    // A wide table's scroll region can be reached by keyboard.
    const region = page.getByRole('region', { name: 'Type of concern by ethnic group' });
    await region.focus();
    assert.equal(await region.getAttribute('tabindex'), '0');
    assert.ok(
      await region.evaluate((el: { matches(selector: string): boolean }) => el.matches(':focus')),
    );
    const all = await checkDownloads(page, 'all-hubs');
    assert.ok(all.get('gender')!.get('Male')!.has('All hubs'));

    // One hub, one quarter.
    await page.getByRole('radio', { name: 'Quarter' }).check();
    await page.locator('#quarter').selectOption('2025-3');
    await page.getByLabel('Hub', { exact: true }).selectOption({ label: 'North West' });
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await checkPage(page, 'analyst: North West, a quarter');
    assert.match(
      await page.locator('main').innerText(),
      /North West: October to December 2025 \(quarter 3 of 2025 to 2026\)/,
    );
    const nw = await checkDownloads(page, 'nw');
    assert.deepEqual(
      [...nw.get('gender')!.get('Male')!.keys()],
      ['North West', 'Percentage of total'],
    );

    // Custom dates in error: the GOV.UK error summary, focus on it, the input kept.
    await page.getByRole('radio', { name: 'Custom dates' }).check();
    await page.locator('#from-day').fill('31');
    await page.locator('#from-month').fill('2');
    await page.locator('#from-year').fill('2026');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await checkPage(page, 'analyst: custom dates with errors');
    assert.match((await page.title()) ?? '', /^Error:/);
    assert.match(
      await page.locator('.govuk-error-summary').innerText(),
      /The start date must be a real date/,
    );
    assert.equal(await page.locator('#from-day').inputValue(), '31');
    await page.locator('#from-day').fill('1');
    await page.locator('#to-day').fill('31');
    await page.locator('#to-month').fill('3');
    await page.locator('#to-year').fill('2026');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await checkPage(page, 'analyst: custom dates');
    const main = await page.locator('main').innerText();
    assert.match(main, /1 February 2026 to 31 March 2026/);
    // Widened to the quarter both days are in, and said so.
    assert.match(main, /January to March 2026 \(quarter 4 of 2025 to 2026\)/);
    assert.match(main, /whole months, quarters and financial years/);
  });

  it('a hub lead sees their own hub, their clinicians, and downloads both files', async () => {
    const db = run.server.database.db;
    const lead = await createUser(db, {
      roles: ['hub_lead'],
      hubCodes: ['WM'],
      name: 'Hub Lead WM',
    });
    const page = await signInAs(lead, 'hub lead');
    await page.getByRole('link', { name: 'Hub statistics' }).click();
    await checkPage(page, 'hub lead: statistics of their hub');
    assert.match(await page.locator('h1').innerText(), /Statistics: West Midlands/);
    assert.equal(await page.getByLabel('Hub', { exact: true }).count(), 0, 'no choice of hub');
    await page.getByRole('radio', { name: 'Month' }).check();
    await page.locator('#month-month').fill('11');
    await page.locator('#month-year').fill('2025');
    await page.getByRole('button', { name: 'Show statistics' }).click();
    await checkPage(page, 'hub lead: a month');
    const text = await page.locator('main').innerText();
    assert.match(text, /West Midlands: November 2025/);
    assert.match(text, /Caseload per clinician/);
    assert.match(text, /Clinician WM 1/);
    const figures = await checkDownloads(page, 'wm');
    // Clinicians are listed; a hub lead who is not also a clinician only with open cases.
    assert.ok(figures.get('caseload-by-clinician')!.has('Clinician WM 1'));

    // Another hub's figures are not found.
    const other = await db
      .selectFrom('hubs')
      .select('id')
      .where('code', '=', 'LDN')
      .executeTakeFirstOrThrow();
    const response = await page.goto(`/statistics/hubs/${other.id}`);
    assert.equal(response?.status(), 404);
    await checkPage(page, 'hub lead: another hub is not found');
  });
});

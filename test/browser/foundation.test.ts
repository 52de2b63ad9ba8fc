import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/db/database.ts';
import { totpCode } from '../../src/features/auth/totp.ts';
import { publicRoute } from '../../src/web/routes.ts';
import { createUser } from '../support/auth.ts';
import {
  browserAvailable,
  checkPage,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';
import { contentStyleProblems, SERVICE_TITLE } from './support/content-style.ts';

describe('information pages in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun({
      routes: () => [
        publicRoute({
          method: 'GET',
          url: '/test/failure',
          handler: () => {
            throw new Error('a deliberate failure');
          },
        }),
      ],
    });
  });
  after(async () => {
    await run?.close();
  });

  it('the accessibility check fails a page with a violation, even after passing its like', async () => {
    const page = await run.newPage();
    const html = (body: string) =>
      `<html lang="en"><head><title>Check – ${SERVICE_TITLE}</title></head><body><main>${body}</main></body></html>`;
    await page.setContent(html('<h1>Check</h1>'));
    await checkPage(page, 'a clean page');
    await page.setContent(html('<h1>Check</h1><img src="/nothing.png">'));
    await assert.rejects(checkPage(page, 'an image without alt text'), /image-alt/);
  });

  it('the content style check fails a page with a title, heading, link or text problem', async () => {
    const page = await run.newPage();
    const good = `Check – ${SERVICE_TITLE}`;
    const html = (title: string, body: string) =>
      `<html lang="en"><head><title>${title}</title></head><body><main>${body}</main></body></html>`;
    await page.setContent(html(good, '<h1>Check</h1><h2>Part</h2><h3>Detail</h3><h2>Next</h2>'));
    await checkPage(page, 'a well-written page');
    const hidden = (words: string) => `<span class="govuk-visually-hidden">${words}</span>`;
    const bad: [title: string, body: string, problem: RegExp][] = [
      [`Cicero – ${SERVICE_TITLE}`, '<h1>Check</h1>', /repeats "cicero"/],
      ['Check', '<h1>Check</h1>', /does not end with the service/],
      [SERVICE_TITLE, '<h1>Check</h1>', /does not name the page/],
      [good, '<h1>Check</h1><h3>Detail</h3>', /h3 \("Detail"\) skips a level after h1/],
      [good, '<h2>Part</h2>', /the first heading is h2/],
      [good, '<h1>Check</h1><a href="/x">Change</a>', /has no hidden text/],
      [good, `<h1>Check</h1><a href="/x">Change${hidden(' legalBasis')}</a>`, /code name/],
      [good, '<h1>Check</h1><p>Due: 2026-12-16</p>', /ISO dates in the page text: 2026-12-16/],
      [good, '<h1>Check</h1><p>record 0f7a8e78-1b2c-4d3e-8f90-0123456789ab</p>', /raw ids/],
    ];
    // The check itself (axe also flags some of these: a skipped or missing heading level).
    for (const [title, body, problem] of bad) {
      await page.setContent(html(title, body));
      const problems = await contentStyleProblems(page);
      assert.ok(
        problems.some((p) => problem.test(p)),
        `${body}: ${problems.join('; ')} should match ${String(problem)}`,
      );
    }
    // And checkPage fails on it, where axe finds nothing.
    await page.setContent(html(good, '<h1>Check</h1><p>Due: 2026-12-16</p>'));
    await assert.rejects(checkPage(page, 'an ISO date'), /the content style check failed/);
  });

  it('shows the start page, accessibility statement and cookies page, axe clean', async () => {
    const page = await run.newPage();
    await visit(page, '/', 'start page');
    assert.equal(await page.locator('h1').textContent(), 'Cicero');
    // The start page is the service: named once, not "Cicero – Cicero – …".
    assert.equal(await page.title(), SERVICE_TITLE);

    await page.getByRole('link', { name: 'Accessibility statement' }).click();
    await checkPage(page, 'accessibility statement');
    assert.match((await page.locator('h1').textContent()) ?? '', /Accessibility statement/);

    await page.getByRole('link', { name: 'Cookies' }).click();
    await checkPage(page, 'cookies');
    assert.equal(await page.locator('h1').textContent(), 'Cookies');
  });

  it('shows the not-found page, axe clean', async () => {
    const page = await run.newPage();
    const response = await page.goto('/no/such/page');
    assert.equal(response?.status(), 404);
    await checkPage(page, 'not found');
    assert.equal(await page.locator('h1').textContent(), 'Page not found');
  });

  it('runs the GOV.UK Frontend script under the CSP (js-enabled, no console errors)', async () => {
    const page = await run.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    assert.ok(await page.locator('body.govuk-frontend-supported').count());
    assert.deepEqual(errors, []);
  });

  it('shows the 403 page to a signed-in user without the permission, and the 500 page, axe clean', async () => {
    const page = await run.newPage();
    const user = await createUser(run.server.database.db, { roles: ['analyst'] });
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page
      .getByLabel('Enter your security code')
      .fill(totpCode(user.totpSecret, run.server.clock.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/home');
    const forbidden = await page.goto('/admin/users');
    assert.equal(forbidden?.status(), 403);
    await checkPage(page, 'forbidden');
    assert.equal(
      await page.locator('h1').textContent(),
      'You do not have permission to view this page',
    );

    const failed = await page.goto('/test/failure');
    assert.equal(failed?.status(), 500);
    await checkPage(page, 'server error');
    assert.doesNotMatch(await page.content(), /deliberate/);
    // A short reference to quote (the request id's first 8 characters), not a whole UUID.
    assert.match(await page.locator('main').innerText(), /quote reference [0-9a-f]{8}\./);
  });
});

describe('the unavailable page in a real browser', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  before(async () => {
    // A PostgreSQL server that is not there: every query fails to connect, as in an outage.
    const down = await openDatabase({
      kind: 'postgres',
      url: 'postgres://cicero@127.0.0.1:9/cicero',
    });
    run = await startBrowserRun({ database: down });
  });
  after(async () => {
    await run?.close();
  });

  it('answers 503 with a GOV.UK page when the database is down, axe clean', async () => {
    const page = await run.newPage();
    const response = await page.goto('/sign-in');
    assert.equal(response?.status(), 503);
    await checkPage(page, 'service unavailable');
    assert.equal(await page.locator('h1').textContent(), 'Sorry, the service is unavailable');
  });
});

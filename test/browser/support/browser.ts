import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { totpCode } from '../../../src/features/auth/totp.ts';
import { testApp, type TestApp } from '../../support/app.ts';
import type { TestUser } from '../../support/auth.ts';
import { contentStyleProblems } from './content-style.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suite can run. Without Chromium it is skipped loudly on a developer's
 * machine, and fails under CI=true, where a missing browser is a broken install.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium was not found at ${CHROMIUM}: install it with "apt-get install -y chromium"`;
  if (process.env.CI === 'true') throw new Error(`${message}. CI requires the browser suite.`);
  console.warn(`\n*** BROWSER SUITE SKIPPED *** ${message}\n`);
  return false;
}

const runId = new Date().toISOString().replace(/[:.]/g, '-');
export const screenshotDir = join(process.cwd(), 'test-output', 'screenshots', runId);
let announced = false;

export interface BrowserRun {
  server: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (its own cookies) with a page; each is a separate user. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserRun(
  options: Parameters<typeof testApp>[0] & {
    /** A fixed port, when the app's address must be known before it starts (single sign-on). */
    port?: number;
  } = {},
): Promise<BrowserRun> {
  const { port = 0, ...appOptions } = options;
  const server = await testApp(appOptions);
  await server.app.listen({ port, host: '127.0.0.1' });
  const address = server.app.server.address();
  assert.ok(address && typeof address === 'object');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    server,
    baseUrl,
    browser,
    async newPage() {
      const context = await browser.newContext({ baseURL: baseUrl });
      return context.newPage();
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

let shot = 0;

type NodeResult = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number]['nodes'][number];

/**
 * The one violation let through: GOV.UK Frontend sets aria-expanded on a radio that reveals a
 * conditional question, which ARIA 1.2 does not allow on role radio. The Design System keeps it
 * on purpose because screen readers announce it (alphagov/govuk-frontend#979, w3c/aria#1404).
 * Only that attribute, on such a radio, passes; anything else on the node still fails.
 */
function govukRadioReveal(rule: string, node: NodeResult): boolean {
  if (rule !== 'aria-allowed-attr') return false;
  if (!/^<input\b[^>]*class="govuk-radios__input"[^>]*aria-controls="/.test(node.html))
    return false;
  const failing = [...node.any, ...node.all, ...node.none].flatMap((check): unknown[] => {
    const data: unknown = check.data;
    return Array.isArray(data) ? data : [data];
  });
  return (
    failing.length > 0 && failing.every((d) => /^aria-expanded="(true|false)"$/.test(String(d)))
  );
}

/**
 * Documents axe has already passed in this run, by a digest of their markup with the per-request
 * tokens (CSRF, CSP nonce) blanked: the same markup under the same styles gets the same answer,
 * so the eight sign-in pages of eight users are judged once. Any other difference is a new page.
 */
const passedDocuments = new Set<string>();

async function documentKey(page: Page): Promise<string> {
  const html = await page.content();
  const blanked = html
    .replace(/(name="_csrf"[^>]*value=")[^"]*"/g, '$1"')
    .replace(/(value=")[^"]*("[^>]*name="_csrf")/g, '$1$2')
    .replace(/nonce="[^"]*"/g, 'nonce=""');
  return createHash('sha256').update(blanked).digest('hex');
}

/**
 * Runs axe once the page has loaded: a page still arriving after a click (on a loaded machine,
 * the new document can be empty for a moment) is waited for, not judged half-drawn. Every page
 * of the service has a main landmark, so its absence means "not arrived yet" here; a page that
 * never gets one fails on the wait, as it should.
 */
async function analyseWhenLoaded(page: Page) {
  const analyse = async () => {
    await page.waitForLoadState('load');
    await page.locator('main').first().waitFor({ state: 'attached', timeout: 15_000 });
    const key = await documentKey(page);
    if (passedDocuments.has(key)) return { violations: [] };
    // Legacy mode runs axe in the page itself: the default opens a blank page per analysis to
    // combine the frames' results, which tripled the time per page; the service has no frames.
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .setLegacyMode(true)
      .analyze();
    if (results.violations.length === 0) passedDocuments.add(key);
    return results;
  };
  try {
    return await analyse();
  } catch (error) {
    // A navigation that began as axe started destroys its context: judge the new page instead.
    if (!String(error).includes('Execution context was destroyed')) throw error;
    return analyse();
  }
}

/**
 * Checks the page the browser is on: axe (WCAG 2.2 A and AA) must find no violation, nor the
 * content style check (content-style.ts: title, heading levels, Change links, no ISO dates or
 * raw ids), and a screenshot is kept. Call it on every page a test reaches, however it got there.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  const results = await analyseWhenLoaded(page);
  const problems = results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !govukRadioReveal(v.id, n)) }))
    .filter((v) => v.nodes.length > 0)
    .map(
      (v) =>
        `${v.id} (${v.impact ?? 'unknown'}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
    );
  if (!announced) {
    mkdirSync(screenshotDir, { recursive: true });
    console.log(`Screenshots of every page visited: ${screenshotDir}`);
    announced = true;
  }
  shot += 1;
  const file = `${String(shot).padStart(3, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`;
  await page.screenshot({ path: join(screenshotDir, file), fullPage: true });
  assert.deepEqual(problems, [], `axe found accessibility problems on "${name}" (${page.url()})`);
  const style = await contentStyleProblems(page);
  assert.deepEqual(
    style,
    [],
    `the content style check failed on "${name}" (${page.url()}):\n  ${style.join('\n  ')}`,
  );
}

/** Goes to a path and checks the page. */
export async function visit(page: Page, path: string, name = path): Promise<void> {
  const response = await page.goto(path);
  assert.ok(response, `no response for ${path}`);
  await checkPage(page, name);
}

/** Skips the whole file loudly (or fails under CI) when there is no browser. */
export function requireBrowser(t: TestContext): boolean {
  if (browserAvailable()) return true;
  t.skip('Chromium is not installed');
  return false;
}

/**
 * Signs a user in through the real pages (email and password, then the authenticator code at
 * the run's clock) in a new page, checking each page with axe; returns the signed-in page.
 */
export async function signInWithPages(run: BrowserRun, user: TestUser, who: string): Promise<Page> {
  const page = await run.newPage();
  await visit(page, '/sign-in', `${who}: sign in`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/sign-in/code');
  await checkPage(page, `${who}: security code`);
  await page.locator('#code').fill(totpCode(user.totpSecret, run.server.clock.now()));
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL('**/home');
  await checkPage(page, `${who}: home`);
  return page;
}

/** Clicks a link or button (the first of that exact name) and checks the page it leads to. */
export async function click(
  page: Page,
  role: 'button' | 'link',
  name: string,
  check: string,
): Promise<void> {
  await page.getByRole(role, { name, exact: true }).first().click();
  await page.waitForLoadState();
  await checkPage(page, check);
}

/** Follows a link or presses a button with the keyboard only (focus, then Enter); checks. */
export async function press(
  page: Page,
  role: 'button' | 'link',
  name: string,
  check: string,
): Promise<void> {
  await page.getByRole(role, { name, exact: true }).first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await checkPage(page, check);
}

/** The heading of the success banner a page shows after a save, or null when there is none. */
export async function savedBanner(page: Page): Promise<string | null> {
  const banner = page.locator('.govuk-notification-banner--success');
  if ((await banner.count()) === 0) return null;
  assert.equal(await banner.getAttribute('role'), 'alert');
  return (await banner.locator('.govuk-notification-banner__heading').innerText()).trim();
}

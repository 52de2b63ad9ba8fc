import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import type { OidcProviderSettings } from '../../src/config.ts';
import { linkSsoIdentity } from '../../src/features/auth/oidc/service.ts';
import { createUser, type TestUser } from '../support/auth.ts';
import { insertCase } from '../support/journey.ts';
import {
  freePort,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/oidc-provider.ts';
import {
  browserAvailable,
  checkPage,
  savedBanner,
  startBrowserRun,
  visit,
  type BrowserRun,
} from './support/browser.ts';

const SECRET = 'test-client-secret-0123456789';
const SUMMARY = 'CANARY-SUMMARY: he will see a community team next week';

/** The provider's sign-in page (not axe-checked: it is the provider's, not Cicero's). */
async function signInAtProvider(page: Page, subject: string, issuer: string) {
  await page.waitForURL((url) => url.href.startsWith(issuer));
  await page.locator('input[name=login]').fill(subject);
  await page.locator('input[name=password]').fill('any password');
  await page.locator('button[type=submit]').click();
}

describe('step-up at the identity provider', { skip: !browserAvailable() }, () => {
  let run: BrowserRun;
  let idp: TestIdentityProvider;

  before(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    idp = await startTestIdentityProvider([
      {
        clientId: 'cicero',
        clientSecret: SECRET,
        redirectUri: `${publicUrl}/sign-in/sso/nhs/callback`,
      },
    ]);
    const provider: OidcProviderSettings = {
      id: 'nhs',
      name: 'Test Smartcard',
      issuer: idp.issuer,
      clientId: 'cicero',
      clientSecret: SECRET,
      requireMfa: true,
      mfaAcrValues: ['AAL3_ANY'],
      stepUpAcrValues: ['AAL3_ANY'],
    };
    run = await startBrowserRun({ port, config: { publicUrl, oidcProviders: [provider] } });
    // The provider stamps auth_time by the real clock: Cicero's must agree for freshness.
    run.server.clock.set(new Date());
    idp.login = { acr: 'AAL3_ANY', amr: ['sc', 'pin'] };
  });
  after(async () => {
    await run?.close();
    await idp?.close();
  });

  async function signInBySso(user: TestUser, subject: string, who: string): Promise<Page> {
    await linkSsoIdentity(run.server.database.db, run.server.clock, {
      email: user.email,
      providerId: 'nhs',
      issuer: idp.issuer,
      subject,
    });
    const page = await run.newPage();
    await visit(page, '/sign-in', `${who}: sign in`);
    await page.getByRole('button', { name: 'Sign in with Test Smartcard' }).click();
    await signInAtProvider(page, subject, idp.issuer);
    await page.locator('input[name=prompt][value=consent]').waitFor({ state: 'attached' });
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${run.baseUrl}/home`);
    return page;
  }

  it('an SSO hub lead signs in again at the provider, then confirms a disclosure without consent', async () => {
    const db = run.server.database.db;
    const officer = await createUser(db, { roles: ['case_officer'], hubCodes: ['WM'] });
    const lead = await createUser(db, { roles: ['hub_lead'], hubCodes: ['WM'] });
    const { caseId } = await insertCase(db, { hubCode: 'WM', requestedBy: officer.id });
    await db
      .insertInto('triage_decisions')
      .values({
        case_id: caseId,
        decision: 'accept',
        rationale: 'CANARY-TRIAGE: low mood, engages well with his GP',
        decided_by: lead.id,
        decided_at: new Date(run.server.clock.now().getTime() - 86_400_000),
        seconds_to_triage: 60,
      })
      .execute();

    const page = await signInBySso(lead, 'sso-hub-lead-1', 'SSO hub lead');
    const promptsBefore = idp.loginPrompts.length;
    await visit(page, `/cases/${caseId}/disclosures/new`, 'SSO hub lead: record a disclosure');
    await page.getByLabel(/Triage decision of/).check();
    await page.getByLabel(/Summary written for this disclosure/).fill(SUMMARY);
    await page.getByLabel(`${officer.name} (requesting case officer)`).check();
    await page
      .getByLabel('What is the purpose of the disclosure?')
      .fill('So the officer can plan a safe first visit');
    await page.getByLabel(/Safeguarding of children and of individuals at risk/).check();
    await page
      .getByLabel('Why is the disclosure necessary and proportionate?')
      .fill('Only the triage rationale is needed for the visit');
    await page.getByLabel(/No, consent was not sought/).check();
    await page
      .getByLabel('How was consent sought, or why was it not sought?')
      .fill('Asking would put a child at risk');
    const told = page.getByRole('group', { name: /person told about the disclosure/ });
    await told.getByLabel('No', { exact: true }).check();
    await page.getByLabel('Why was the person not told?').fill('Telling would raise the risk');
    await page.getByRole('button', { name: 'Continue' }).click();
    await checkPage(page, 'SSO hub lead: check answers');

    // Submitting needs a fresh second factor: the provider asks the user to sign in again.
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await signInAtProvider(page, 'sso-hub-lead-1', idp.issuer);
    assert.equal(idp.loginPrompts.length, promptsBefore + 1, 'the provider asked again');
    const asked = idp.loginPrompts.at(-1)!;
    assert.deepEqual([asked.prompt, asked.acrValues], ['login', 'AAL3_ANY']);
    assert.ok(asked.reasons.includes('login_prompt'), 'asked because of prompt=login');

    // Back at Cicero: nothing done yet, one button to confirm the action.
    await page.waitForURL(`${run.baseUrl}/sign-in/sso/step-up/continue`);
    await checkPage(page, 'SSO hub lead: now confirm');
    assert.equal(await page.locator('h1').innerText(), 'Now confirm: Submit the disclosure');
    const before = await db
      .selectFrom('disclosures')
      .select('status')
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(before.status, 'draft', 'nothing submitted before the user confirms');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/done=awaiting/);
    await checkPage(page, 'SSO hub lead: submitted for approval');
    assert.match(
      String(await savedBanner(page)),
      /^Disclosure submitted: .*Nothing has been shared yet/,
    );

    // The address bar never carried the form's answers.
    assert.ok(!page.url().includes('CANARY'));
    const events = await db
      .selectFrom('audit_events')
      .select(['detail', 'outcome', 'actor_user_id'])
      .where('action', '=', 'sign-in')
      .where('actor_user_id', '=', lead.id)
      .orderBy(sql`xid::text::bigint`)
      .execute();
    assert.deepEqual(
      events.map((e) => [e.detail.event, e.outcome]),
      [
        ['sso-signed-in', 'success'],
        ['sso-step-up-started', 'success'],
        ['sso-step-up', 'success'],
      ],
    );
    assert.deepEqual(idp.errors, []);
  });
});

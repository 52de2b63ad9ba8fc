import assert from 'node:assert/strict';
import { totpCode } from '../../src/features/auth/totp.ts';
import { Browser, csrfOf, requestSectionForms } from '../resilience/support.ts';
import type { TestUser } from './auth.ts';

/**
 * A short case journey against a running service over HTTP (a real process, as in production):
 * an officer's request, a clinician's triage, the hub lead's allocation and the clinician's
 * consent record. Each step asserts it was accepted.
 */

/** Signs in over HTTP (password, then the code); returns the CSRF token of the home page. */
export async function signInOver(browser: Browser, user: TestUser): Promise<string> {
  let page = await browser.request('GET', '/sign-in');
  const signedIn = await browser.request('POST', '/sign-in', {
    _csrf: csrfOf(page.body),
    email: user.email,
    password: user.password,
  });
  assert.equal(signedIn.status, 302, 'password accepted');
  page = await browser.request('GET', '/sign-in/code');
  const code = await browser.request('POST', '/sign-in/code', {
    _csrf: csrfOf(page.body),
    code: totpCode(user.totpSecret, new Date()),
  });
  assert.equal(code.status, 302, 'code accepted');
  const home = await browser.request('GET', '/home');
  assert.equal(home.status, 200);
  return csrfOf(home.body);
}

/** Ten minutes ago in London, as the date and time boxes of a form. */
export function justBefore(prefix: string): Record<string, string> {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(Date.now() - 10 * 60_000))
      .map((p) => [p.type, p.value]),
  );
  return {
    [`${prefix}-day`]: parts.day!,
    [`${prefix}-month`]: parts.month!,
    [`${prefix}-year`]: parts.year!,
    [`${prefix}-time`]: `${parts.hour}:${parts.minute}`,
  };
}

/** Runs the journey with three signed-in users of the WM hub; returns the case id. */
export async function requestToConsent(
  baseUrl: string,
  users: { officer: TestUser; clinician: TestUser; lead: TestUser },
): Promise<string> {
  const { officer, clinician, lead } = users;
  // The officer requests support.
  const police = new Browser(baseUrl);
  let csrf = await signInOver(police, officer);
  const started = await police.request('POST', '/requests/new', { _csrf: csrf });
  assert.equal(started.status, 303);
  const draft = started.location!;
  for (const [slug, fields] of requestSectionForms(1)) {
    const saved = await police.request('POST', `${draft}/${slug}`, { _csrf: csrf, ...fields });
    assert.ok(saved.status < 400, `${slug}: ${saved.status}`);
  }
  const check = await police.request('GET', `${draft}/check-answers`);
  assert.equal(check.status, 200);
  const submitted = await police.request('POST', `${draft}/submit`, {
    _csrf: csrfOf(check.body),
    idempotencyKey: /name="idempotencyKey" value="([^"]+)"/.exec(check.body)![1]!,
  });
  assert.equal(submitted.status, 303);
  const caseId = /\/requests\/([0-9a-f-]{36})\/sent/.exec(submitted.location!)![1]!;

  // A clinician accepts it, the hub lead allocates them, they record consent.
  const health = new Browser(baseUrl);
  csrf = await signInOver(health, clinician);
  const triaged = await health.request('POST', `/triage/${caseId}`, {
    _csrf: csrf,
    decision: 'accept',
    rationale: 'Needs assessment',
    version: '1',
  });
  assert.equal(triaged.status, 302, triaged.body.slice(0, 500));
  const leader = new Browser(baseUrl);
  const leadCsrf = await signInOver(leader, lead);
  const allocated = await leader.request('POST', `/cases/${caseId}/allocation`, {
    _csrf: leadCsrf,
    lead: clinician.id,
    version: '2',
  });
  assert.equal(allocated.status, 302, allocated.body.slice(0, 500));
  const consent = await health.request('POST', `/cases/${caseId}/consent`, {
    _csrf: csrf,
    status: 'given',
    method: 'verbal',
    ...justBefore('decidedAt'),
    version: '0',
  });
  assert.equal(consent.status, 302, consent.body.slice(0, 500));
  const casePage = await health.request('GET', `/cases/${caseId}`);
  assert.equal(casePage.status, 200);
  assert.match(casePage.body, /Resilia1 Synthetic/);
  return caseId;
}

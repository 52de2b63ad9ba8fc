import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { recordAudit } from './record.ts';
import { AUDIT_PAGE_SIZE } from './search.ts';

let t: TestApp;
let ig: SignedIn;
let staff: SignedIn;

before(async () => {
  t = await testApp();
  ig = await signIn(t, { roles: ['ig_officer'] });
  staff = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
  const actor = { userId: staff.userId, role: 'clinician', hubId: null, requestId: 'r1' };
  // More than a page of the staff member's events, so the results have pagination.
  for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i += 1) {
    await recordAudit(t.database.db, t.clock, actor, {
      action: 'disclosure',
      subjectType: 'case',
      subjectId: `c-${i}`,
    });
  }
});
after(() => t.close());

const links = (body: string) =>
  [...body.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));

test('the search form is a POST with a CSRF token', async () => {
  const page = await t.app.inject({ method: 'GET', url: '/audit', headers: { cookie: ig.cookie } });
  assert.equal(page.statusCode, 200);
  assert.match(
    page.body,
    /<form method="post" action="\/audit" novalidate>\s*<input type="hidden" name="_csrf"/,
  );
  const noToken = await t.app.inject({
    method: 'POST',
    url: '/audit',
    headers: { cookie: ig.cookie },
    payload: { user: staff.user.email },
  });
  assert.equal(noToken.statusCode, 403);
});

test('searching by email: the URL, the links and the pagination hold no email, and paging works', async () => {
  const email = staff.user.email;
  const response = await t.app.inject({
    method: 'POST',
    url: '/audit',
    headers: { cookie: ig.cookie },
    payload: { _csrf: ig.csrfToken, user: email },
  });
  assert.equal(response.statusCode, 200);
  assert.equal(response.headers.location, undefined, 'the page is answered at /audit itself');
  const total = Number(/Showing 1 to \d+ of (\d+) events/.exec(response.body)?.[1]);
  assert.ok(total >= AUDIT_PAGE_SIZE + 5, `more than a page of events (${total})`);
  const hrefs = links(response.body);
  for (const href of hrefs) assert.ok(!href.includes('@'), `no email in ${href}`);
  const next = hrefs.find((h) => h.startsWith('/audit?') && h.includes('page=2'));
  assert.ok(next, 'a link to the second page');
  assert.ok(next.includes(`user=${staff.userId}`), 'the link names the user by id');
  assert.ok(hrefs.some((h) => h === `/audit/export.csv?user=${staff.userId}`));

  const second = await t.app.inject({ method: 'GET', url: next, headers: { cookie: ig.cookie } });
  assert.equal(second.statusCode, 200);
  assert.match(
    second.body,
    new RegExp(
      `Showing ${AUDIT_PAGE_SIZE + 1} to ${Math.min(total, 2 * AUDIT_PAGE_SIZE)} of ${total} events`,
    ),
  );
  for (const href of links(second.body)) assert.ok(!href.includes('@'), `no email in ${href}`);

  const csv = await downloadExport(t, ig, `/audit/export.csv?user=${staff.userId}`);
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.body.trim().split('\n').length, total + 1);
});

test('an email in the URL of a search or an export is refused, not searched', async () => {
  const count = async () =>
    (
      await t.database.db
        .selectFrom('audit_events')
        .select('id')
        .where('subject_type', '=', 'audit_log')
        .execute()
    ).length;
  const before = await count();
  for (const url of [
    `/audit?user=${encodeURIComponent(staff.user.email)}`,
    `/audit/export.csv?user=${encodeURIComponent(staff.user.email)}`,
  ]) {
    const response = await t.app.inject({ method: 'GET', url, headers: { cookie: ig.cookie } });
    assert.equal(response.statusCode, 400, url);
    assert.match(response.body, /Enter the email address in the form/);
    assert.ok(!response.body.includes(staff.user.email), 'the email is not echoed');
  }
  assert.equal(await count(), before);
});

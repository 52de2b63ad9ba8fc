import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { downloadExport } from '../../../test/support/exports.ts';
import { postForm } from '../../../test/support/journey.ts';
import { ROLES } from '../../domain/roles.ts';
import { recordAudit } from './record.ts';

let t: TestApp;
let ig: SignedIn;

before(async () => {
  t = await testApp();
  ig = await signIn(t, { roles: ['ig_officer'] });
  const actor = { userId: ig.userId, role: 'clinician', hubId: null, requestId: 'r1' };
  await recordAudit(t.database.db, t.clock, actor, {
    action: 'disclosure',
    subjectType: 'case',
    subjectId: 'c-9',
    reason: '=cmd|x',
  });
});
after(() => t.close());

const get = (url: string, cookie = ig.cookie) =>
  t.app.inject({ method: 'GET', url, headers: { cookie } });

const auditLogViews = () =>
  t.database.db
    .selectFrom('audit_events')
    .select(['actor_user_id', 'detail', 'reason'])
    .where('subject_type', '=', 'audit_log')
    .execute();

test('only the IG officer may use the audit pages', async () => {
  for (const role of ROLES.filter((r) => r !== 'ig_officer')) {
    const other = await signIn(t, {
      // A senior clinician is also a clinician of the hub.
      roles: role === 'senior_clinician' ? ['clinician', role] : [role],
      hubCodes: ['WM'],
    });
    for (const url of ['/audit', '/audit/records/case/c-9', '/audit/export.csv']) {
      const response = await get(url, other.cookie);
      assert.equal(response.statusCode, 403, `${role} ${url}`);
    }
  }
  const anonymous = await t.app.inject({ method: 'GET', url: '/audit' });
  assert.notEqual(anonymous.statusCode, 200);
});

test("the search page lists events with the user's name and audits the viewing", async () => {
  const before = (await auditLogViews()).length;
  const response = await get('/audit?subjectType=case&subjectId=c-9');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<h1 class="govuk-heading-l">Audit log<\/h1>/);
  assert.match(response.body, new RegExp(ig.user.name));
  assert.match(response.body, /href="\/audit\/records\/case\/c-9"/);
  assert.match(response.body, /href="\/audit\/export\.csv\?subjectType=case&amp;subjectId=c-9"/);
  const views = await auditLogViews();
  assert.equal(views.length, before + 1);
  assert.equal(views.at(-1)?.actor_user_id, ig.userId);
});

test('bad filters show the page again with an error summary, 400, and nothing audited', async () => {
  const before = (await auditLogViews()).length;
  const response = await get('/audit?user=nobody&from-day=31&from-month=2&from-year=2026');
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /<title>Error: Audit log/);
  assert.match(response.body, /There is a problem/);
  assert.match(response.body, /href="#user"/);
  assert.match(response.body, /href="#from-day"/);
  assert.match(response.body, /value="nobody"/);
  assert.equal((await auditLogViews()).length, before);
});

test('the access log of a record', async () => {
  const response = await get('/audit/records/case/c-9');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /Access log/);
  assert.match(response.body, /Disclosure/);
  const bad = await get('/audit/records/Bad%20Type/c-9');
  assert.equal(bad.statusCode, 404);
});

test('the CSV export asks a reason, then a fresh code, before the file', async () => {
  const before = (await auditLogViews()).length;
  const ask = await get('/audit/export.csv?action=disclosure');
  assert.equal(ask.statusCode, 200);
  assert.match(ask.body, /<form method="post" action="\/audit\/export\.csv"/);
  assert.match(ask.body, /<input type="hidden" name="action" value="disclosure">/);
  assert.match(ask.body, /name="exportReason"/);
  const empty = await postForm(t, ig, '/audit/export.csv', { action: 'disclosure' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /There is a problem/);
  assert.match(empty.body, /href="#exportReason">Enter why you need this download/);
  const code = await postForm(t, ig, '/audit/export.csv', {
    action: 'disclosure',
    exportReason: 'Quarterly review',
  });
  assert.equal(code.statusCode, 200);
  assert.match(code.body, /name="stepUpCode"/);
  assert.match(code.body, /<input type="hidden" name="exportReason" value="Quarterly review">/);
  assert.doesNotMatch(String(code.headers['content-type']), /csv/);
  assert.equal((await auditLogViews()).length, before, 'nothing exported yet');
});

test('the CSV export: a named attachment, formulas neutralised, and audited', async () => {
  const response = await downloadExport(
    t,
    ig,
    '/audit/export.csv?action=disclosure',
    'Audit check',
  );
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  assert.match(
    String(response.headers['content-disposition']),
    /^attachment; filename="cicero-audit-log-\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.csv"$/,
  );
  const lines = response.body.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /,'=cmd\|x,/);
  const views = await auditLogViews();
  assert.equal((views.at(-1)?.detail as { view?: string }).view, 'export');
  assert.equal(
    (views.at(-1)?.detail as { identifiableExport?: string }).identifiableExport,
    'audit_csv',
  );
  assert.equal(views.at(-1)?.reason, 'Audit check');
  const bad = await get('/audit/export.csv?action=nonsense');
  assert.equal(bad.statusCode, 400);
});

test('a malformed record path is a 404, never a 500', async () => {
  for (const url of [
    '/audit/records/case/%00',
    '/audit/records/%00/c-9',
    '/audit/records/case/c-9%00',
    "/audit/records/case/'%3B--",
    '/audit/records/CASE/c-9',
  ]) {
    const response = await get(url);
    assert.equal(response.statusCode, 404, url);
  }
  // Not UTF-8: refused while the path is decoded, before any route runs.
  assert.equal((await get('/audit/records/case/%C0%AF')).statusCode, 400);
  const bad = await get('/audit?subjectId=%00%01&subjectType=case');
  assert.ok(bad.statusCode < 500, 'a control character in a filter is never a 500');
});

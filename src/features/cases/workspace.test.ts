import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testApp, type TestApp } from '../../../test/support/app.ts';
import { signIn, type SignedIn } from '../../../test/support/auth.ts';
import { allocate } from '../../../test/support/clinical.ts';
import { getPage, insertCase } from '../../../test/support/journey.ts';

/** The case as a workspace (issue 13): sections under the MoJ sub-navigation. */

const SLUGS = [
  'request',
  'assessment',
  'plan',
  'contacts-and-notes',
  'liaison-and-meetings',
  'disclosures',
  'documents',
  'timeline',
];

/** The sub-navigation's links, in order, and the one marked current. */
function subNavigation(body: string) {
  const nav = /<nav class="moj-sub-navigation"[^>]*>([\s\S]*?)<\/nav>/.exec(body)?.[1] ?? '';
  const links = [
    ...nav.matchAll(
      /<a class="moj-sub-navigation__link"\s*(aria-current="page")?\s*href="([^"]+)">\s*([^<]+?)\s*<\/a>/g,
    ),
  ];
  return {
    texts: links.map((m) => m[3]),
    hrefs: links.map((m) => m[2]),
    current: links.find((m) => m[1])?.[3],
  };
}

describe('the case as a workspace of sections', () => {
  let t: TestApp;
  let caseId: string;
  let officer: SignedIn;
  let clinician: SignedIn;
  let lead: SignedIn;
  let stranger: SignedIn;
  before(async () => {
    t = await testApp();
    officer = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    clinician = await signIn(t, { roles: ['clinician'], hubCodes: ['WM'] });
    lead = await signIn(t, { roles: ['hub_lead'], hubCodes: ['WM'] });
    stranger = await signIn(t, { roles: ['hub_lead'], hubCodes: ['NW'] });
    ({ caseId } = await insertCase(t.database.db, {
      hubCode: 'WM',
      requestedBy: officer.userId,
      givenName: 'Sectiona',
    }));
    await allocate(t.database.db, { caseId, clinicianId: clinician.userId, byId: lead.userId });
  });
  after(async () => {
    await t?.close();
  });

  it('the allocated clinician sees every section with something in it, one per page, each audited', async () => {
    const summary = await getPage(t, clinician, `/cases/${caseId}`);
    assert.equal(summary.statusCode, 200);
    const nav = subNavigation(summary.body);
    assert.deepEqual(nav.texts.slice(0, 4), [
      'Summary',
      'Request from police',
      'Assessment',
      'Plan',
    ]);
    assert.ok(nav.texts.includes('Liaison and meetings'));
    assert.ok(nav.texts.includes('Disclosures'));
    assert.equal(nav.texts.at(-1), 'Timeline');
    assert.equal(nav.current, 'Summary');
    // The Summary: what needs doing first, the summary list, not the police request.
    assert.match(
      summary.body,
      /What needs doing[\s\S]*Seek consent to engage[\s\S]*Write the formulation/,
    );
    assert.ok(summary.body.includes(`href="/cases/${caseId}/section/assessment#consent"`));
    assert.ok(summary.body.includes(`href="/cases/${caseId}/formulation"`));
    assert.match(summary.body, /Sectiona McTestface/, 'the person in the summary list');
    assert.doesNotMatch(summary.body, /The request from police/);
    assert.doesNotMatch(summary.body, /Nothing has happened yet|moj-timeline/);

    for (const href of nav.hrefs) {
      const page = await getPage(t, clinician, href!);
      assert.equal(page.statusCode, 200, href);
      assert.equal(subNavigation(page.body).hrefs.length, nav.hrefs.length, href);
      assert.equal(subNavigation(page.body).hrefs[nav.hrefs.indexOf(href)], href);
    }
    const request = await getPage(t, clinician, `/cases/${caseId}/section/request`);
    assert.equal(subNavigation(request.body).current, 'Request from police');
    assert.match(request.body, /The request from police/);
    assert.doesNotMatch(request.body, /What needs doing|Consent to engage/);
    const assessment = await getPage(t, clinician, `/cases/${caseId}/section/assessment`);
    assert.match(assessment.body, /Assessment and formulation/);
    assert.doesNotMatch(assessment.body, /The request from police/);
    const timeline = await getPage(t, clinician, `/cases/${caseId}/section/timeline`);
    assert.match(timeline.body, /<h2 class="govuk-heading-m">Timeline<\/h2>/);

    // Each section read is one consultation of the case, naming the section.
    const audited = await t.database.db
      .selectFrom('audit_events')
      .select('detail')
      .where('subject_type', '=', 'case')
      .where('subject_id', '=', caseId)
      .where('action', '=', 'consultation')
      .where('actor_user_id', '=', clinician.userId)
      .execute();
    const sections = audited.map((a) => (a.detail as { section?: string }).section);
    for (const s of ['summary', 'request', 'assessment', 'timeline']) {
      assert.ok(sections.includes(s), s);
    }
  });

  it('a section with nothing the viewer may see is not offered and not found', async () => {
    // No feature registers a panel for a made-up section: an unknown address is not found.
    assert.equal((await getPage(t, clinician, `/cases/${caseId}/section/secrets`)).statusCode, 404);
    const nav = subNavigation((await getPage(t, clinician, `/cases/${caseId}`)).body);
    for (const slug of SLUGS) {
      const href = `/cases/${caseId}/section/${slug}`;
      const status = (await getPage(t, clinician, href)).statusCode;
      assert.equal(status, nav.hrefs.includes(href) ? 200 : 404, href);
    }
  });

  it("another hub's lead finds no section; the case officer is refused them", async () => {
    for (const slug of SLUGS) {
      const href = `/cases/${caseId}/section/${slug}`;
      assert.equal((await getPage(t, stranger, href)).statusCode, 404, href);
      assert.equal((await getPage(t, officer, href)).statusCode, 403, href);
    }
  });

  it("the case officer's view of their request: Summary, the police request, documents, timeline", async () => {
    const summary = await getPage(t, officer, `/requests/${caseId}`);
    assert.equal(summary.statusCode, 200);
    const nav = subNavigation(summary.body);
    assert.deepEqual(nav.texts, ['Summary', 'Request from police', 'Documents', 'Timeline']);
    assert.deepEqual(nav.hrefs, [
      `/requests/${caseId}`,
      `/requests/${caseId}/section/request`,
      `/requests/${caseId}/documents`,
      `/requests/${caseId}/section/timeline`,
    ]);
    assert.equal(nav.current, 'Summary');
    const request = await getPage(t, officer, `/requests/${caseId}/section/request`);
    assert.equal(request.statusCode, 200);
    assert.equal(subNavigation(request.body).current, 'Request from police');
    assert.match(request.body, /The request from police[\s\S]*Police updates/);
    const timeline = await getPage(t, officer, `/requests/${caseId}/section/timeline`);
    assert.equal(timeline.statusCode, 200);
    assert.match(timeline.body, /Request submitted/);
    // Nothing of the health record: no allocation, no health sections offered.
    assert.doesNotMatch(timeline.body, /Allocated to/);
    assert.doesNotMatch(timeline.body, /Assessment|Liaison and meetings/);
    // Another officer's request: not found.
    const other = await signIn(t, { roles: ['case_officer'], hubCodes: ['WM'] });
    for (const url of [
      `/requests/${caseId}/section/request`,
      `/requests/${caseId}/section/timeline`,
    ]) {
      assert.equal((await getPage(t, other, url)).statusCode, 404, url);
      assert.equal((await getPage(t, clinician, url)).statusCode, 403, url);
    }
  });
});

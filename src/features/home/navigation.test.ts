import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { permissionsOf } from '../../domain/permissions.ts';
import type { Role } from '../../domain/roles.ts';
import { navigationFor, sectionMatch, type CurrentPage } from './navigation.ts';

const nav = (
  roles: Role[],
  page: CurrentPage = { path: '/home' },
  exists?: (h: string) => boolean,
) => navigationFor({ permissions: permissionsOf(roles), page, exists });
const texts = (roles: Role[]) => nav(roles).map((i) => i.text);
const activeOf = (roles: Role[], page: CurrentPage) =>
  nav(roles, page)
    .filter((i) => i.active)
    .map((i) => i.text);

describe('navigation per role, from the permissions the roles grant', () => {
  test('clinician: my cases, my week, triage, search', () => {
    assert.deepEqual(texts(['clinician']), ['Home', 'My cases', 'My week', 'Triage', 'Search']);
  });

  test('hub lead: also to allocate and approvals (the register and statistics stay on home)', () => {
    assert.deepEqual(texts(['hub_lead']), [
      'Home',
      'My cases',
      'My week',
      'Triage',
      'To allocate',
      'Approvals',
      'Search',
    ]);
  });

  test('senior clinician: approvals only (formulation sign-off)', () => {
    assert.deepEqual(texts(['senior_clinician']), ['Home', 'Approvals']);
  });

  test('case officer: my requests, new request', () => {
    assert.deepEqual(texts(['case_officer']), [
      'Home',
      'My requests',
      'New request',
      'Released to you',
      'Search',
    ]);
  });

  test('police lead: the hub requests', () => {
    assert.deepEqual(texts(['police_lead']), ['Home', 'Hub requests', 'Released to you', 'Search']);
  });

  test('IG officer: audit log, access reasons, register, retention, subject access, search', () => {
    assert.deepEqual(texts(['ig_officer']), [
      'Home',
      'Audit log',
      'Access reasons',
      'Disclosure register',
      'Retention',
      'Subject access',
      'Search',
    ]);
  });

  test('analyst: statistics, and no search', () => {
    assert.deepEqual(texts(['analyst']), ['Home', 'Statistics']);
  });

  test('admin: users, hubs, API clients, and no search', () => {
    assert.deepEqual(texts(['admin']), ['Home', 'Users', 'Hubs', 'API clients']);
  });

  test('no role: home only', () => {
    assert.deepEqual(texts([]), []);
  });

  test('a page not built yet is left out', () => {
    const items = nav(['clinician'], { path: '/home' }, (href) => href !== '/my-week');
    assert.deepEqual(
      items.map((i) => i.text),
      ['Home', 'My cases', 'Triage', 'Search'],
    );
  });

  test('every href is a path of the service, and no item is repeated', () => {
    const all = new Set<string>();
    for (const roles of [
      ['clinician'],
      ['hub_lead'],
      ['case_officer'],
      ['ig_officer'],
      ['analyst'],
      ['admin'],
    ] as Role[][]) {
      const items = nav(roles);
      assert.equal(new Set(items.map((i) => i.href)).size, items.length);
      for (const i of items) all.add(i.href);
    }
    for (const href of all) assert.match(href, /^\/[a-z-/]*(\?tab=unallocated)?$/);
  });
});

describe('the current section', () => {
  test('one item is active: the most specific section the page is in', () => {
    assert.deepEqual(activeOf(['hub_lead'], { path: '/home' }), ['Home']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/cases' }), ['My cases']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/cases/:caseId' }), ['My cases']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/cases/:caseId/plan' }), ['My cases']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/plans/due' }), ['My cases']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/cases', query: { tab: 'unallocated' } }), [
      'To allocate',
    ]);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/cases/:caseId/allocation' }), [
      'To allocate',
    ]);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/closures/:caseId' }), ['Approvals']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/formulations' }), ['Approvals']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/hub-week' }), ['My week']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/triage/:caseId' }), ['Triage']);
    assert.deepEqual(activeOf(['hub_lead'], { path: '/people/:personId' }), ['Search']);
    assert.deepEqual(activeOf(['case_officer'], { path: '/requests/new' }), ['New request']);
    assert.deepEqual(activeOf(['case_officer'], { path: '/requests/:caseId' }), ['My requests']);
    assert.deepEqual(activeOf(['ig_officer'], { path: '/audit/access-reasons' }), [
      'Access reasons',
    ]);
    assert.deepEqual(activeOf(['ig_officer'], { path: '/audit/records/:subjectType/:subjectId' }), [
      'Audit log',
    ]);
  });

  test('a page in no section makes none active', () => {
    assert.deepEqual(activeOf(['clinician'], { path: '/account' }), []);
    assert.deepEqual(activeOf(['clinician'], { path: '/casework' }), []);
  });

  test('the current page itself is marked, a page under it only active', () => {
    const onList = nav(['clinician'], { path: '/cases' }).find((i) => i.text === 'My cases')!;
    assert.equal(onList.current, true);
    const onCase = nav(['clinician'], { path: '/cases/:caseId' }).find(
      (i) => i.text === 'My cases',
    )!;
    assert.deepEqual([onCase.active, onCase.current], [true, false]);
    const allocate = nav(['hub_lead'], { path: '/cases', query: { tab: 'unallocated' } }).find(
      (i) => i.text === 'To allocate',
    )!;
    assert.deepEqual([allocate.active, allocate.current], [true, true]);
  });

  test('sectionMatch: whole path segments only, query parts must match', () => {
    assert.equal(sectionMatch('/cases', { path: '/casework' }), 0);
    assert.ok(sectionMatch('/cases', { path: '/cases/x' }) > 0);
    assert.equal(sectionMatch('/cases?tab=unallocated', { path: '/cases', query: {} }), 0);
    assert.ok(
      sectionMatch('/cases?tab=unallocated', { path: '/cases', query: { tab: 'unallocated' } }) >
        sectionMatch('/cases', { path: '/cases', query: { tab: 'unallocated' } }),
    );
  });
});

import type { Permission } from '../../domain/permissions.ts';

/**
 * The service navigation (GOV.UK service navigation in layout.njk): the sections a signed-in
 * user works in, decided from the permissions their roles grant (src/domain/permissions.ts),
 * never from role names. One table, one pure function; docs/home-and-navigation.md.
 */

/** An item of the navigation as the GOV.UK macro takes it. */
export interface NavigationItem {
  text: string;
  href: string;
  /** The section of the current page (styled as the current item). */
  active: boolean;
  /** The current page itself (aria-current="page"). */
  current: boolean;
}

interface NavigationEntry {
  text: string;
  href: string;
  /** Shown when the roles grant any of these. */
  anyOf: readonly Permission[];
  /**
   * Left out when the roles grant this: a page reached from the home page by those whose work
   * lies elsewhere (a hub lead has the disclosure register, but works cases).
   */
  unlessAlso?: Permission;
  /**
   * The pages of its section: paths (route patterns or real paths), each matching itself and
   * what lies under it; a `?name=value` part must be in the page's query too. The most
   * specific match across all items wins. Default: the href.
   */
  section?: readonly string[];
}

/** In order of the navigation bar. Pages of other engineers are shown once their route exists. */
export const NAVIGATION: readonly NavigationEntry[] = [
  { text: 'Home', href: '/home', anyOf: ['account.use'] },
  // Police
  {
    text: 'My requests',
    href: '/requests',
    anyOf: ['request.follow'],
    section: ['/requests', '/guidance'],
  },
  { text: 'New request', href: '/requests/new', anyOf: ['request.create'] },
  { text: 'Hub requests', href: '/supervision', anyOf: ['request.supervise'] },
  { text: 'Released to you', href: '/disclosures/received', anyOf: ['released_items.read'] },
  // Health
  {
    text: 'My cases',
    href: '/cases',
    anyOf: ['case.work'],
    section: ['/cases', '/plans'],
  },
  { text: 'My week', href: '/my-week', anyOf: ['case.work'], section: ['/my-week', '/hub-week'] },
  { text: 'Triage', href: '/triage', anyOf: ['triage.decide'] },
  {
    text: 'To allocate',
    href: '/cases?tab=unallocated',
    anyOf: ['case.allocate'],
    section: ['/cases?tab=unallocated', '/cases/:caseId/allocation'],
  },
  {
    text: 'Approvals',
    href: '/approvals',
    anyOf: ['closure.approve', 'formulation.sign_off', 'disclosure.approve'],
    section: ['/approvals', '/closures', '/formulations', '/disclosures/approvals'],
  },
  // Information governance
  {
    text: 'Audit log',
    href: '/audit',
    anyOf: ['audit.read'],
    section: ['/audit'],
  },
  { text: 'Access reasons', href: '/audit/access-reasons', anyOf: ['audit.read'] },
  {
    text: 'Disclosure register',
    href: '/disclosures/register',
    anyOf: ['disclosure_register.read'],
    unlessAlso: 'case.work',
  },
  { text: 'Retention', href: '/retention', anyOf: ['retention.review'] },
  { text: 'Subject access', href: '/subject-access', anyOf: ['subject_access.manage'] },
  // Evaluation
  { text: 'Statistics', href: '/statistics', anyOf: ['statistics.national'] },
  {
    text: 'Statistics',
    href: '/statistics/hubs',
    anyOf: ['statistics.hub'],
    unlessAlso: 'case.work',
  },
  // Search (src/features/search): those who find cases.
  {
    text: 'Search',
    href: '/search',
    anyOf: ['case.search'],
    section: ['/search', '/people'],
  },
  // Service desk
  { text: 'Users', href: '/admin/users', anyOf: ['users.manage'] },
  { text: 'Hubs', href: '/admin/hubs', anyOf: ['hubs.manage'] },
  { text: 'API clients', href: '/admin/api-clients', anyOf: ['users.manage'] },
];

/** The page being shown: its path (route pattern or real path) and query. */
export interface CurrentPage {
  path: string;
  query?: Record<string, unknown>;
}

/**
 * How specifically a section pattern matches the page: 0 for no match, else longer for a
 * deeper path, and one more for a matching query part.
 */
export function sectionMatch(pattern: string, page: CurrentPage): number {
  const [path, queryPart] = pattern.split('?') as [string, string | undefined];
  const under = page.path === path || page.path.startsWith(path.endsWith('/') ? path : `${path}/`);
  if (!under) return 0;
  if (queryPart) {
    const wanted = new URLSearchParams(queryPart);
    for (const [name, value] of wanted) if (page.query?.[name] !== value) return 0;
    return path.length * 2 + 1;
  }
  return path.length * 2;
}

/**
 * The navigation for a user whose roles grant `permissions`, on `page`. `exists` says whether a
 * page's route is registered (an item for a page not built yet is left out).
 */
export function navigationFor(input: {
  permissions: readonly Permission[];
  page: CurrentPage;
  exists?: (href: string) => boolean;
}): NavigationItem[] {
  const granted = new Set(input.permissions);
  const exists = input.exists ?? (() => true);
  const entries: NavigationEntry[] = NAVIGATION.filter(
    (e) =>
      e.anyOf.some((p) => granted.has(p)) &&
      !(e.unlessAlso && granted.has(e.unlessAlso)) &&
      exists(e.href.split('?')[0]!),
  );
  const scores = entries.map((e) =>
    Math.max(...(e.section ?? [e.href]).map((s) => sectionMatch(s, input.page))),
  );
  const best = Math.max(0, ...scores);
  const activeIndex = best > 0 ? scores.indexOf(best) : -1;
  return entries.map((e, i) => {
    const active = i === activeIndex;
    return {
      text: e.text,
      href: e.href,
      active,
      current: active && isExactly(e.href, input.page) && sectionMatch(e.href, input.page) > 0,
    };
  });
}

const isExactly = (href: string, page: CurrentPage) => page.path === href.split('?')[0];

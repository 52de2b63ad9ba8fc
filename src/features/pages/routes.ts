import { publicRoute, type RouteDeclaration } from '../../web/routes.ts';

export interface DemoAccount {
  email: string;
  roles: string;
  hub: string;
}

/**
 * The pages anyone may read: what the service is, accessibility, cookies. In demo mode the
 * start page also lists the demo accounts, so a newcomer can sign in within a minute.
 */
export function informationPageRoutes(deps: {
  demo: boolean;
  demoAccounts: () => Promise<DemoAccount[]>;
}): RouteDeclaration[] {
  return [
    publicRoute({
      method: 'GET',
      url: '/',
      handler: async ({ reply, principal }) =>
        reply.page('features/pages/views/start.njk', {
          startLink: principal
            ? { href: '/home', text: 'Go to your home page' }
            : { href: '/sign-in', text: 'Sign in' },
          demoAccounts: deps.demo ? await deps.demoAccounts() : [],
        }),
    }),
    publicRoute({
      method: 'GET',
      url: '/accessibility',
      handler: ({ reply }) => reply.page('features/pages/views/accessibility.njk', {}),
    }),
    publicRoute({
      method: 'GET',
      url: '/cookies',
      handler: ({ reply }) => reply.page('features/pages/views/cookies.njk', {}),
    }),
  ];
}

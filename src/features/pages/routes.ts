import type { LegacyRouteDeclaration } from '../../web/routes.ts';

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
}): LegacyRouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/',
      access: { public: true },
      handler: async (request, reply) =>
        reply.page('features/pages/views/start.njk', {
          startLink: request.principal
            ? { href: '/home', text: 'Go to your home page' }
            : { href: '/sign-in', text: 'Sign in' },
          demoAccounts: deps.demo ? await deps.demoAccounts() : [],
        }),
    },
    {
      method: 'GET',
      url: '/accessibility',
      access: { public: true },
      handler: (_request, reply) => reply.page('features/pages/views/accessibility.njk', {}),
    },
    {
      method: 'GET',
      url: '/cookies',
      access: { public: true },
      handler: (_request, reply) => reply.page('features/pages/views/cookies.njk', {}),
    },
  ];
}

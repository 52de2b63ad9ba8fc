import type { RouteDeclaration } from '../../web/routes.ts';

/** The pages anyone may read: what the service is, accessibility, cookies. */
export function informationPageRoutes(): RouteDeclaration[] {
  return [
    {
      method: 'GET',
      url: '/',
      access: { public: true },
      handler: (request, reply) => reply.page('features/pages/views/start.njk', {}),
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

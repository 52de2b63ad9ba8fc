import type { HomeLink } from '../auth/presenter.ts';
import type { RequireFreshCode } from '../auth/step-up.ts';
import type { RouteDeclaration } from '../../web/routes.ts';
import { hubRoutes } from './hub-routes.ts';
import type { HubAdmin } from './hub-service.ts';
import { userRoutes } from './user-routes.ts';
import type { UserAdmin } from './user-service.ts';

/** Administration: users and hubs, for the service desk. */
export function adminRoutes(deps: {
  users: UserAdmin;
  hubs: HubAdmin;
  requireFreshCode: RequireFreshCode;
}): RouteDeclaration[] {
  return [...userRoutes(deps), ...hubRoutes(deps)];
}

export const adminHomeLinks: HomeLink[] = [
  {
    permission: 'users.manage',
    text: 'Manage users',
    href: '/admin/users',
    description:
      'Add users, change their roles and hubs, disable accounts, unlock and reset sign-in.',
  },
  {
    permission: 'hubs.manage',
    text: 'Manage hubs',
    href: '/admin/hubs',
    description: 'Add hubs, choose the regions and police forces they serve, and retire them.',
  },
];

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { londonDate } from '../../domain/london-day.ts';
import { can } from '../../domain/permissions.ts';
import { route, type RouteDeclaration } from '../../web/routes.ts';
import { closureQueue } from '../closure/service.ts';
import { approvalQueue } from '../disclosures/approvals.ts';
import { signOffQueue } from '../formulation/sign-off-service.ts';
import { homeCounts } from './counts.ts';
import type { HomeLink } from '../auth/presenter.ts';
import { approvalsPage, homePage } from './presenter.ts';

const views = 'features/home/views';

/** The home page (what waits for the user, then what they can do) and the approvals page. */
export function homeRoutes(deps: {
  db: Kysely<DB>;
  clock: Clock;
  homeLinks: HomeLink[];
}): RouteDeclaration[] {
  const { db, clock } = deps;
  return [
    route({
      method: 'GET',
      url: '/home',
      permission: 'account.use',
      handler: async ({ reply, principal }) => {
        const today = londonDate(clock.now());
        const counts = await homeCounts({ db, clock }, { principal, today });
        return reply.page(
          `${views}/home.njk`,
          homePage({ name: principal.name, roles: principal.roles, counts, links: deps.homeLinks }),
        );
      },
    }),
    route({
      method: 'GET',
      url: '/approvals',
      // Everyone who approves anything signs off formulations (senior clinicians, hub leads);
      // each section below is shown by its own permission and filled by its own queue.
      permission: 'formulation.sign_off',
      handler: async ({ reply, actor, principal }) => {
        const acting = { actor, principal };
        const { roles } = principal;
        const [formulations, disclosures, closures] = [
          can(roles, 'formulation.sign_off')
            ? await signOffQueue({ db, clock }, actor, principal)
            : null,
          can(roles, 'disclosure.approve') ? await approvalQueue({ db, clock }, acting) : null,
          can(roles, 'closure.approve') ? await closureQueue({ db, clock }, acting) : null,
        ];
        return reply.page(
          `${views}/approvals.njk`,
          approvalsPage({ formulations, disclosures, closures }),
        );
      },
    }),
  ];
}

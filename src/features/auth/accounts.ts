import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { ROLE_LABELS, isRole } from '../../domain/roles.ts';

/** Demo accounts are the only ones on this reserved domain (see cicero seed-demo). */
export const DEMO_EMAIL_DOMAIN = 'demo.cicero.example';

export function accountQueries(db: Kysely<DB>) {
  return {
    demoAccounts: async (): Promise<{ email: string; roles: string; hub: string }[]> => {
      const rows = await db
        .selectFrom('users as u')
        .select([
          'u.email',
          sql<
            string[]
          >`coalesce((SELECT array_agg(DISTINCT role ORDER BY role) FROM role_assignments r WHERE r.user_id = u.id), '{}')`.as(
            'roles',
          ),
          sql<string>`coalesce((SELECT string_agg(DISTINCT h.name, ', ' ORDER BY h.name) FROM role_assignments r JOIN hubs h ON h.id = r.hub_id WHERE r.user_id = u.id), 'All hubs')`.as(
            'hub',
          ),
        ])
        .where('u.email', 'like', `%@${DEMO_EMAIL_DOMAIN}`)
        .where('u.status', '=', 'active')
        .orderBy('hub')
        .orderBy('u.email')
        .execute();
      return rows.map((r) => ({
        email: r.email,
        roles: r.roles
          .filter(isRole)
          .map((role) => ROLE_LABELS[role])
          .join(', '),
        hub: r.hub,
      }));
    },
    emailOf: async (userId: string): Promise<string | undefined> => {
      const row = await db
        .selectFrom('users')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.email;
    },
  };
}

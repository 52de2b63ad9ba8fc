import type { Kysely, Transaction } from 'kysely';
import { replaceAssignments } from '../../access/assignments.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { assignmentsOf } from '../../domain/role-assignments.ts';
import { recordAudit } from '../audit/record.ts';
import { hashPassword, TERMS_VERSION } from '../auth/service.ts';
import { demoCases } from '../generator/demo.ts';
import { demoSubjectAccess } from '../generator/subject-access.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoTotpSecret } from './accounts.ts';

/** What a seeder gets: the transaction, the clock, and the demo users by email. */
export interface DemoContext {
  trx: Transaction<DB>;
  clock: Clock;
  userIds: Map<string, string>;
}

/**
 * One step of the demo data. Later capabilities add theirs to DEMO_SEEDERS (demo cases,
 * requests, ...). Each must be idempotent: it adds only what is missing and reports how many
 * records it added.
 */
export interface DemoSeeder {
  name: string;
  seed(context: DemoContext): Promise<number>;
}

const SEED_ACTOR = { userId: null, role: null, hubId: null, requestId: null };

/** The demo users, enrolled for TOTP with their derived secrets and with the terms accepted. */
export const demoUsers: DemoSeeder = {
  name: 'users',
  async seed({ trx, clock, userIds }) {
    const existing = await trx
      .selectFrom('users')
      .select(['id', 'email'])
      .where(
        'email',
        'in',
        DEMO_ACCOUNTS.map((a) => a.email),
      )
      .execute();
    for (const row of existing) userIds.set(row.email, row.id);
    const missing = DEMO_ACCOUNTS.filter((a) => !userIds.has(a.email));
    if (missing.length === 0) return 0;
    const hubs = await trx.selectFrom('hubs').select(['id', 'code']).execute();
    const hubId = new Map(hubs.map((h) => [h.code, h.id]));
    // One hash for all: they share the password, and each argon2 hash takes a while.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const now = clock.now();
    for (const account of missing) {
      const user = await trx
        .insertInto('users')
        .values({
          email: account.email,
          name: account.name,
          profession: account.profession,
          force_code: account.force ?? null,
          password_hash: passwordHash,
          totp_secret: demoTotpSecret(account.email),
          totp_enrolled_at: now,
          terms_version: TERMS_VERSION,
          terms_accepted_at: now,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      userIds.set(account.email, user.id);
      const hub = account.hubCode ? hubId.get(account.hubCode) : undefined;
      if (account.hubCode && !hub) throw new Error(`Pilot hub ${account.hubCode} is missing`);
      await replaceAssignments(trx, user.id, assignmentsOf(account.roles, hub ? [hub] : []));
      await recordAudit(trx, clock, SEED_ACTOR, {
        action: 'admin',
        subjectType: 'user',
        subjectId: user.id,
        detail: {
          event: 'user-created',
          via: 'seed-demo',
          roles: account.roles,
          hubs: account.hubCode ? [account.hubCode] : [],
          profession: account.profession,
        },
      });
    }
    return missing.length;
  },
};

/** Every demo seeder, in order: users first, so later seeders can find them. */
export const DEMO_SEEDERS: DemoSeeder[] = [demoUsers, demoCases, demoSubjectAccess];

/**
 * Seeds the demo data in one transaction. Running it again adds nothing that is already there
 * (and changes nothing an admin has since changed).
 */
export async function seedDemo(
  db: Kysely<DB>,
  clock: Clock,
  options: { seeders?: DemoSeeder[]; progress?: (line: string) => void } = {},
): Promise<Record<string, number>> {
  const { seeders = DEMO_SEEDERS, progress = () => {} } = options;
  return db.transaction().execute(async (trx) => {
    const context: DemoContext = { trx, clock, userIds: new Map() };
    const added: Record<string, number> = {};
    for (const seeder of seeders) {
      progress(`  making the demo ${seeder.name}…`);
      added[seeder.name] = await seeder.seed(context);
      progress(`  demo ${seeder.name}: ${added[seeder.name]} added`);
    }
    return added;
  });
}

/** Whether the database has no users at all (a first start). */
export async function hasNoUsers(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

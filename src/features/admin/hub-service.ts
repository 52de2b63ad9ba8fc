import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { HubInput } from './forms.ts';

export interface HubRecord {
  id: string;
  code: string;
  name: string;
  region: string;
  status: 'pilot' | 'live' | 'closed';
  version: number;
  users: number;
}

type FieldError = [field: string, message: string];
const CODE_TAKEN: FieldError = ['code', 'A hub with this code already exists'];

/** Hubs: list, add and edit, each change audited in its own transaction. */
export function hubAdmin(db: Kysely<DB>, clock: Clock) {
  const hubs = (executor: Kysely<DB> | Transaction<DB> = db) =>
    executor
      .selectFrom('hubs as h')
      .select([
        'h.id',
        'h.code',
        'h.name',
        'h.region',
        'h.status',
        'h.version',
        sql<number>`(SELECT count(DISTINCT ra.user_id)::int FROM role_assignments ra WHERE ra.hub_id = h.id)`.as(
          'users',
        ),
      ]);

  return {
    list: (): Promise<HubRecord[]> => hubs().orderBy('h.name').execute(),

    find: async (id: string): Promise<HubRecord | null> =>
      (await hubs().where('h.id', '=', id).executeTakeFirst()) ?? null,

    async create(
      input: HubInput,
      actor: AuditActor,
    ): Promise<{ ok: true; id: string } | { ok: false; errors: FieldError[] }> {
      return db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('hubs')
          .select('id')
          .where('code', '=', input.code)
          .executeTakeFirst();
        if (taken) return { ok: false, errors: [CODE_TAKEN] };
        const hub = await trx
          .insertInto('hubs')
          .values({
            code: input.code,
            name: input.name,
            region: input.region,
            status: input.status,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'hub',
          subjectId: hub.id,
          detail: { event: 'hub-created', code: input.code, status: input.status },
        });
        return { ok: true, id: hub.id };
      });
    },

    /** Saves an edit made against `input.version`; an older version changes nothing. */
    async update(
      id: string,
      input: HubInput & { version: number },
      actor: AuditActor,
    ): Promise<
      | { kind: 'saved' }
      | { kind: 'not-found' }
      | { kind: 'conflict'; current: HubRecord }
      | { kind: 'invalid'; errors: FieldError[] }
    > {
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('hubs')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) return { kind: 'not-found' as const };
        if (current.version !== input.version) {
          const shown = await hubs(trx).where('h.id', '=', id).executeTakeFirstOrThrow();
          return { kind: 'conflict' as const, current: shown };
        }
        if (input.code !== current.code) {
          const taken = await trx
            .selectFrom('hubs')
            .select('id')
            .where('code', '=', input.code)
            .executeTakeFirst();
          if (taken) return { kind: 'invalid' as const, errors: [CODE_TAKEN] };
        }
        const changed = (['code', 'name', 'region', 'status'] as const).filter(
          (field) => input[field] !== current[field],
        );
        if (changed.length === 0) return { kind: 'saved' as const };
        await trx
          .updateTable('hubs')
          .set({
            code: input.code,
            name: input.name,
            region: input.region,
            status: input.status,
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .execute();
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'hub',
          subjectId: id,
          detail: {
            event: 'hub-edited',
            changed: [...changed],
            code: input.code,
            previousCode: current.code,
            status: input.status,
          },
        });
        return { kind: 'saved' as const };
      });
    },
  };
}

export type HubAdmin = ReturnType<typeof hubAdmin>;

import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { hubFacts } from '../../access/hubs.ts';
import { hubErrors, type FieldError, type HubFacts, type HubStatus } from '../../domain/hubs.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';
import type { HubInput } from './forms.ts';

export interface HubRecord {
  id: string;
  code: string;
  name: string;
  status: HubStatus;
  version: number;
  users: number;
  regions: string[];
  forces: string[];
}

type Executor = Kysely<DB> | Transaction<DB>;

const hubRows = (executor: Executor) =>
  executor
    .selectFrom('hubs as h')
    .select([
      'h.id',
      'h.code',
      'h.name',
      'h.status',
      'h.version',
      sql<number>`(SELECT count(DISTINCT ra.user_id)::int FROM role_assignments ra WHERE ra.hub_id = h.id)`.as(
        'users',
      ),
      sql<
        string[]
      >`coalesce((SELECT array_agg(r.region_code ORDER BY r.region_code) FROM hub_regions r WHERE r.hub_id = h.id), '{}')`.as(
        'regions',
      ),
      sql<
        string[]
      >`coalesce((SELECT array_agg(f.force_code ORDER BY f.force_code) FROM hub_forces f WHERE f.hub_id = h.id), '{}')`.as(
        'forces',
      ),
    ]);

/**
 * Locks every hub row: hub changes are checked against all the other hubs (one active hub per
 * force), so they take turns. Hubs are few and changed rarely.
 */
async function othersLocked(trx: Transaction<DB>, except: string | null): Promise<HubFacts[]> {
  await trx.selectFrom('hubs').select('id').forUpdate().execute();
  return (await hubFacts(trx)).filter((h) => h.id !== except);
}

async function writeServed(trx: Transaction<DB>, hubId: string, input: HubInput, active: boolean) {
  await trx.deleteFrom('hub_regions').where('hub_id', '=', hubId).execute();
  await trx.deleteFrom('hub_forces').where('hub_id', '=', hubId).execute();
  if (input.regions.length)
    await trx
      .insertInto('hub_regions')
      .values(input.regions.map((region_code) => ({ hub_id: hubId, region_code })))
      .execute();
  if (input.forces.length)
    await trx
      .insertInto('hub_forces')
      .values(input.forces.map((force_code) => ({ hub_id: hubId, force_code, active })))
      .execute();
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** Hubs: list, add, edit and retire, each change audited in its own transaction. */
export function hubAdmin(db: Kysely<DB>, clock: Clock) {
  return {
    list: (): Promise<HubRecord[]> => hubRows(db).orderBy('h.name').execute(),

    find: async (id: string): Promise<HubRecord | null> =>
      (await hubRows(db).where('h.id', '=', id).executeTakeFirst()) ?? null,

    async create(
      input: HubInput,
      actor: AuditActor,
    ): Promise<{ ok: true; id: string } | { ok: false; errors: FieldError[] }> {
      return db.transaction().execute(async (trx) => {
        const errors = hubErrors(input, await othersLocked(trx, null));
        if (errors.length) return { ok: false, errors };
        const hub = await trx
          .insertInto('hubs')
          .values({
            code: input.code,
            name: input.name,
            status: input.status,
            retired_at: null,
            created_at: clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeServed(trx, hub.id, input, true);
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'hub',
          subjectId: hub.id,
          detail: {
            event: 'hub-created',
            code: input.code,
            status: input.status,
            regions: input.regions,
            forces: input.forces,
          },
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
        const others = await othersLocked(trx, id);
        const current = await hubRows(trx).where('h.id', '=', id).executeTakeFirst();
        if (!current) return { kind: 'not-found' as const };
        if (current.version !== input.version) return { kind: 'conflict' as const, current };
        if (current.status === 'retired')
          return {
            kind: 'invalid' as const,
            errors: [['code', 'This hub is retired: it can no longer be changed'] as FieldError],
          };
        const errors = hubErrors(input, others);
        if (errors.length) return { kind: 'invalid' as const, errors };
        const changed = [
          ...(['code', 'name', 'status'] as const).filter((f) => input[f] !== current[f]),
          ...(['regions', 'forces'] as const).filter((f) => !sameSet(input[f], current[f])),
        ];
        if (changed.length === 0) return { kind: 'saved' as const };
        await trx
          .updateTable('hubs')
          .set({
            code: input.code,
            name: input.name,
            status: input.status,
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .execute();
        await writeServed(trx, id, input, true);
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'hub',
          subjectId: id,
          detail: {
            event: 'hub-edited',
            changed,
            code: input.code,
            previousCode: current.code,
            status: input.status,
            regions: input.regions,
            forces: input.forces,
          },
        });
        return { kind: 'saved' as const };
      });
    },

    /**
     * Retires a hub seen at `version`: it takes no new requests and frees its forces for
     * another hub; its cases, users and code stay. Never undone, never deleted.
     */
    async retire(
      id: string,
      version: number,
      actor: AuditActor,
    ): Promise<
      | { kind: 'retired' | 'not-found' | 'already-retired' }
      | { kind: 'conflict'; current: HubRecord }
    > {
      return db.transaction().execute(async (trx) => {
        const current = await hubRows(trx).where('h.id', '=', id).forUpdate().executeTakeFirst();
        if (!current) return { kind: 'not-found' as const };
        if (current.status === 'retired') return { kind: 'already-retired' as const };
        if (current.version !== version) return { kind: 'conflict' as const, current };
        await trx
          .updateTable('hubs')
          .set({ status: 'retired', retired_at: clock.now(), version: sql`version + 1` })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('hub_forces')
          .set({ active: false })
          .where('hub_id', '=', id)
          .execute();
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'hub',
          subjectId: id,
          detail: { event: 'hub-retired', code: current.code, previousStatus: current.status },
        });
        return { kind: 'retired' as const };
      });
    },
  };
}

export type HubAdmin = ReturnType<typeof hubAdmin>;

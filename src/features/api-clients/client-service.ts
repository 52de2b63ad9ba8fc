import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { sql, type Kysely } from 'kysely';
import { replaceAssignments } from '../../access/assignments.ts';
import type { DB } from '../../db/schema.ts';
import { clientProblems, isApiScope, type ApiScope } from '../../domain/api-scopes.ts';
import type { Clock } from '../../domain/clock.ts';
import { assignmentProblems, sideOfAssignments } from '../../domain/role-assignments.ts';
import { isRole, isSide, ROLES, type Role, type Side } from '../../domain/roles.ts';
import { withHubIds } from '../admin/user-service.ts';
import { assignmentCode, type FormAssignment } from '../admin/user-form.ts';
import { recordAudit, type AuditActor } from '../audit/record.ts';

export interface NewClient {
  name: string;
  organisation: string;
  assignments: FormAssignment[];
  jwk: JWK;
  keyId: string;
  scopes: ApiScope[];
  mayActForUsers: boolean;
}

/** A client as the admin pages show it: account facts, never case content. */
export interface ClientRow {
  clientId: string;
  name: string;
  organisation: string;
  side: Side | null;
  /** "case_officer:WM", "analyst": what the service account holds. */
  assignments: string[];
  scopes: ApiScope[];
  keyId: string;
  mayActForUsers: boolean;
  createdAt: Date;
  disabledAt: Date | null;
}

/** What the token endpoint needs to check an assertion of this client. */
export interface ClientKey {
  clientId: string;
  jwk: JWK;
  keyId: string;
  scopes: ApiScope[];
  active: boolean;
}

type FieldError = [field: string, message: string];

/** Service accounts have no address of their own: a unique one that can never receive mail. */
const serviceEmail = () => `api-client-${randomBytes(8).toString('hex')}@clients.cicero.invalid`;

const scopesOf = (values: readonly string[]): ApiScope[] => values.filter(isApiScope);

/** API clients: their service accounts, keys and scopes (docs/api.md). */
export function clientAdmin(db: Kysely<DB>, clock: Clock) {
  return {
    /**
     * Adds a client: a service account with these roles (the same rules as a person's, one
     * side only), its public key and scopes. Audited as administration.
     */
    async create(
      input: NewClient,
      actor: AuditActor,
      via: 'web' | 'cli' = 'web',
    ): Promise<{ ok: true; clientId: string } | { ok: false; errors: FieldError[] }> {
      const roles = input.assignments.map((a) => ({ role: a.role, hubId: a.hub }));
      const client = clientProblems(sideOfAssignments(roles), input.scopes);
      const problems: FieldError[] = [
        ...(roles.length ? assignmentProblems(roles) : ['Select at least one role']),
        ...client.roles,
      ].map((m): FieldError => ['roles', m]);
      problems.push(...client.scopes.map((m): FieldError => ['scopes', m]));
      if (problems.length) return { ok: false, errors: problems };
      return db.transaction().execute(async (trx) => {
        const held = await withHubIds(trx, input.assignments);
        if (!held.ok) return { ok: false, errors: [held.error] };
        const now = clock.now();
        const user = await trx
          .insertInto('users')
          .values({
            email: serviceEmail(),
            name: input.name,
            kind: 'service',
            profession: null,
            password_hash: null,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await replaceAssignments(trx, user.id, held.assignments);
        await trx
          .insertInto('api_clients')
          .values({
            user_id: user.id,
            organisation: input.organisation,
            public_jwk: JSON.stringify(input.jwk),
            key_id: input.keyId,
            scopes: input.scopes,
            may_act_for_users: input.mayActForUsers,
            created_at: now,
          })
          .execute();
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'api-client',
          subjectId: user.id,
          detail: {
            event: 'api-client-created',
            via,
            assignments: input.assignments.map(assignmentCode),
            scopes: input.scopes,
            keyId: input.keyId,
            mayActForUsers: input.mayActForUsers,
          },
        });
        return { ok: true, clientId: user.id };
      });
    },

    /** Every client, newest first (there are few: one per connected system). */
    async list(): Promise<ClientRow[]> {
      const rows = await db
        .selectFrom('api_clients as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select([
          'c.user_id',
          'u.name',
          'u.side',
          'c.organisation',
          'c.scopes',
          'c.key_id',
          'c.may_act_for_users',
          'c.created_at',
          'c.disabled_at',
          sql<
            { role: string; hub: string | null }[]
          >`coalesce((SELECT json_agg(json_build_object('role', a.role, 'hub', h.code)) FROM role_assignments a LEFT JOIN hubs h ON h.id = a.hub_id WHERE a.user_id = u.id), '[]')`.as(
            'held',
          ),
        ])
        .orderBy('c.created_at', 'desc')
        .orderBy('c.user_id')
        .execute();
      return rows.map((r) => ({
        clientId: r.user_id,
        name: r.name,
        organisation: r.organisation,
        side: isSide(r.side) ? r.side : null,
        assignments: r.held
          .filter((a): a is { role: Role; hub: string | null } => isRole(a.role))
          .sort(
            (a, b) =>
              (a.hub ?? '').localeCompare(b.hub ?? '') ||
              ROLES.indexOf(a.role) - ROLES.indexOf(b.role),
          )
          .map(assignmentCode),
        scopes: scopesOf(r.scopes),
        keyId: r.key_id,
        mayActForUsers: r.may_act_for_users,
        createdAt: r.created_at,
        disabledAt: r.disabled_at,
      }));
    },

    /**
     * Disables a client: its account is disabled and every token it holds is revoked at once,
     * in one transaction with the audit row. False when there is no such client.
     */
    async disable(clientId: string, actor: AuditActor): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const now = clock.now();
        const client = await trx
          .updateTable('api_clients')
          .set({ disabled_at: sql`coalesce(disabled_at, ${now})`, version: sql`version + 1` })
          .where('user_id', '=', clientId)
          .returning('user_id')
          .executeTakeFirst();
        if (!client) return false;
        await trx
          .updateTable('users')
          .set({ status: 'disabled', updated_at: now, version: sql`version + 1` })
          .where('id', '=', clientId)
          .execute();
        const revoked = await trx
          .updateTable('api_access_tokens')
          .set({ revoked_at: now })
          .where('client_id', '=', clientId)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        await recordAudit(trx, clock, actor, {
          action: 'admin',
          subjectType: 'api-client',
          subjectId: clientId,
          detail: { event: 'api-client-disabled', tokensRevoked: Number(revoked.numUpdatedRows) },
        });
        return true;
      });
    },

    /** The key and scopes of an enabled or disabled client, for the token endpoint. */
    async key(clientId: string): Promise<ClientKey | null> {
      const row = await db
        .selectFrom('api_clients as c')
        .innerJoin('users as u', 'u.id', 'c.user_id')
        .select(['c.user_id', 'c.public_jwk', 'c.key_id', 'c.scopes', 'c.disabled_at', 'u.status'])
        .where('c.user_id', '=', clientId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        clientId: row.user_id,
        jwk: row.public_jwk,
        keyId: row.key_id,
        scopes: scopesOf(row.scopes),
        active: row.disabled_at === null && row.status === 'active',
      };
    },
  };
}

export type ClientAdmin = ReturnType<typeof clientAdmin>;

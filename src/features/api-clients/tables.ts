import type { ColumnType, Generated } from 'kysely';

/** API clients, their access tokens (hashed) and used assertion ids (0090_api_clients.sql). */
export interface ApiClientTables {
  api_clients: {
    /** The client id: the service account's user id. */
    user_id: string;
    kind: Generated<'service'>;
    organisation: string;
    public_jwk: ColumnType<Record<string, unknown>, string, string>;
    key_id: string;
    scopes: string[];
    may_act_for_users: boolean;
    created_at: Date;
    disabled_at: Date | null;
    version: Generated<number>;
  };
  api_access_tokens: {
    /** SHA-256 of the token, hex. */
    id: string;
    client_id: string;
    scopes: string[];
    issued_at: Date;
    expires_at: Date;
    revoked_at: Date | null;
  };
  api_assertion_jtis: {
    client_id: string;
    jti: string;
    expires_at: Date;
  };
}

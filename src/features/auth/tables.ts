import type { ColumnType, Generated } from 'kysely';

export interface IdentityTables {
  hubs: {
    id: Generated<string>;
    code: string;
    name: string;
    status: 'pilot' | 'live' | 'retired';
    retired_at: Date | null;
    created_at: Generated<Date>;
    version: Generated<number>;
  };
  /** The CT Policing regions and police forces a hub serves (0200, docs/hubs.md). */
  hub_regions: { hub_id: string; region_code: string };
  hub_forces: { hub_id: string; force_code: string; active: Generated<boolean> };
  users: {
    id: Generated<string>;
    email: string;
    name: string;
    status: Generated<'active' | 'disabled'>;
    profession: string | null;
    password_hash: string | null;
    totp_secret: string | null;
    totp_enrolled_at: Date | null;
    last_totp_step: number | null;
    terms_version: string | null;
    terms_accepted_at: Date | null;
    failed_sign_ins: Generated<number>;
    locked_until: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    version: Generated<number>;
    side: string | null;
    /** 'service' for an API client's account (src/features/api-clients), which never signs in. */
    kind: Generated<'person' | 'service'>;
    /** A police account's force (src/domain/reference/policing.ts): routes its requests. */
    force_code: Generated<string | null>;
  };
  role_assignments: { user_id: string; role: string; hub_id: string | null; side: string };
  oidc_identities: { provider: string; subject: string; user_id: string };
  sessions: {
    id: string;
    user_id: string | null;
    stage: 'anonymous' | 'password' | 'enrol' | 'terms' | 'active';
    csrf_token: string;
    data: ColumnType<Record<string, unknown>, string | undefined, string>;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    step_up_at: Date | null;
    ended_at: Date | null;
  };
  sign_in_throttle: {
    key: string;
    failures: number;
    window_started_at: Date;
    locked_until: Date | null;
  };
}

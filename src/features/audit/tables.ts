import type { ColumnType, Generated } from 'kysely';

export interface AuditTables {
  audit_events: {
    id: Generated<string>;
    occurred_at: Date;
    xid: Generated<string>;
    actor_user_id: string | null;
    actor_role: string | null;
    hub_id: string | null;
    action: string;
    subject_type: string;
    subject_id: string | null;
    person_id: string | null;
    reason: string | null;
    request_id: string | null;
    outcome: string;
    detail: ColumnType<Record<string, unknown>, string | undefined, string>;
    /** The API client the action came through (null for pages). */
    actor_client_id: string | null;
  };
  /** The IG officer's reviews of access reasons and identifiable downloads (reviews.ts). */
  ig_reviews: {
    id: Generated<string>;
    item_kind: string;
    item_id: string;
    outcome: string;
    note: string | null;
    reviewed_by: string;
    reviewed_at: Date;
  };
}

/** Written only by the sealer (seal.ts, rekey.ts); hashes and MACs are 32 bytes. */
export interface AuditSealTables {
  audit_seals: {
    seq: number;
    event_id: string;
    prev_hash: Uint8Array;
    hash: Uint8Array;
    sealed_at: Date;
  };
  /** One HMAC-SHA-256 per seal, by the key key_id names (migration 0100, docs/audit.md). */
  audit_seal_macs: {
    seq: number;
    key_id: string;
    mac: Uint8Array;
  };
}

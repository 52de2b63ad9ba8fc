/** Idempotency keys of POST /api/v1/requests (0091_api_idempotency.sql). */
export interface ApiIdempotencyTables {
  api_idempotency_keys: {
    client_id: string;
    idempotency_key: string;
    request_hash: string;
    acting_user_id: string;
    draft_id: string;
    draft_key: string;
    case_id: string | null;
    response_status: number | null;
    response_body: unknown;
    created_at: Date;
    expires_at: Date;
  };
}

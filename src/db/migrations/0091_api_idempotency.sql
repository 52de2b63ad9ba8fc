-- Idempotency keys of the JSON API (docs/api.md, docs/adr/0008-api-and-openapi.md): a client
-- that sends POST /api/v1/requests again with the same Idempotency-Key and the same body gets
-- the first answer and creates nothing; the same key with another body is refused. Keys are
-- per client; the body is kept only as its SHA-256 (with the acting user), never as sent.
CREATE TABLE api_idempotency_keys (
  client_id uuid NOT NULL,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  acting_user_id uuid NOT NULL REFERENCES users (id),
  -- The draft the request was written to and the draft's own key: a retry after a failure
  -- between the draft and the submit finishes that submit (src/features/requests/submit.ts).
  draft_id uuid NOT NULL,
  draft_key text NOT NULL,
  case_id uuid REFERENCES cases (id),
  -- The first answer, replayed as it was (ids, reference and status: no personal data).
  response_status integer CHECK (response_status BETWEEN 200 AND 299),
  response_body jsonb,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  PRIMARY KEY (client_id, idempotency_key)
);
CREATE INDEX api_idempotency_keys_expires ON api_idempotency_keys (expires_at);

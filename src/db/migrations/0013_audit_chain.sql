-- The audit hash chain and the append-only guarantee (docs/audit.md).
--
-- audit_seals is written only by the sealer: one row per event, in the order the sealer chose
-- (xid, occurred_at, id), each hash = SHA-256(prev_hash || canonical event). Writers never
-- touch it, so they never queue on the chain.
CREATE TABLE audit_seals (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  event_id uuid NOT NULL UNIQUE,
  prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
  hash bytea NOT NULL CHECK (length(hash) = 32),
  sealed_at timestamptz NOT NULL
);
-- No foreign key to audit_events on purpose: a deleted event must leave its seal behind as
-- evidence, and the verifier reports it.

-- The sealer walks events in this order, from the last sealed one onwards.
CREATE INDEX audit_events_seal_order ON audit_events (xid, occurred_at, id);

-- Append-only: nobody, the owner included, updates, deletes or truncates audit rows. On
-- PostgreSQL the application's role also lacks the grants (docs/audit.md); the triggers stop
-- the owner and a mistaken migration too. Only a superuser disabling them gets through, and
-- then verify-audit shows it.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cicero: % on % is not allowed: the audit log is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON audit_seals
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The IG officer's search lists newest first with the id as tie-break: an index for that order.
CREATE INDEX audit_events_occurred_id ON audit_events (occurred_at, id);

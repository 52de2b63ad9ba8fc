-- Keyed seals (docs/audit.md): one HMAC-SHA-256 per seal, made with a key the database never
-- holds, over the seal's seq and hash. key_id names the key (the first 8 bytes of its SHA-256,
-- as hex), so seals made before a key rotation verify with the retired key.
--
-- A table of its own rather than columns of audit_seals, so that chains sealed before this
-- migration are keyed by appending rows (audit_seals stays append-only and the service's
-- database role needs no UPDATE on it). The sealer inserts a seal and its MAC in one statement.
CREATE TABLE audit_seal_macs (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  key_id text NOT NULL CHECK (key_id ~ '^[0-9a-f]{16}$'),
  mac bytea NOT NULL CHECK (length(mac) = 32)
);
-- No foreign key to audit_seals, for the same reason audit_seals has none to audit_events: what
-- is left after a deletion is evidence, and verify-audit reports it.

CREATE TRIGGER audit_seal_macs_append_only BEFORE UPDATE OR DELETE ON audit_seal_macs
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_seal_macs_no_truncate BEFORE TRUNCATE ON audit_seal_macs
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
